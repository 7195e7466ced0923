import { describe, expect, it } from 'vitest';
import { type BufferModel, type ModelSegment, avoidableStallMs, bufferModel, modelStalls, nearStalls } from '../../../specs/dash/player/buffer-model.ts';
import { measuredThroughput } from '../../../specs/dash/player/phases.ts';
import type { PlayerScenario } from '../../../specs/dash/player/scenario.ts';
import type { PlayedSession } from '../../../specs/dash/player/session.ts';
import type { LoggedRequest } from '../../../specs/dash/player/trace-server.ts';

/** The harness's buffer model on hand-made request logs (100 ms segments). */

const scenario: PlayerScenario = {
  segmentMs: 100,
  ids: ['a', 'b'],
  ladder: [100_000, 200_000],
  addressing: { media: '$RepresentationID$/$Number$.m4s', initialization: '$RepresentationID$/i.mp4', startNumber: 1 },
  phases: [{ segments: 4, rung: 0, rateBitsPerSecond: 150_000 }],
};

const media = (number: number, at: number, done: number | undefined): LoggedRequest => {
  const request: LoggedRequest = { connection: 1, onConnection: number, method: 'GET', target: `/a/${number}.m4s`, version: 'HTTP/1.1', host: 'h', kind: 'media', rung: 0, number, status: 200, bytes: 1250, at };
  if (done !== undefined) request.done = done;
  return request;
};

const second = (model: BufferModel): ModelSegment => model.segments[1] as ModelSegment;

const session = (requests: LoggedRequest[]): PlayedSession => ({ scenario, mpdUrl: 'http://127.0.0.1:1/m.mpd', requests, answer: { kind: 'DONE', text: 'DONE 0 0' }, answeredAt: 1000, closedAfterAnswer: true });

describe('dash-player buffer model', () => {
  it('plays from the first arrival and finds no stall when each segment comes in time', () => {
    const model = bufferModel(session([media(1, 0, 50), media(2, 50, 120), media(3, 120, 200), media(4, 200, 260)]));
    expect(model.startupMs).toBe(50);
    expect(model.segments.map((s) => s.playStart)).toEqual([50, 150, 250, 350]);
    expect(model.segments.every((s) => s.stallMs === 0)).toBe(true);
    expect(model.segments[3]?.bufferAtRequestMs).toBe(150);
  });

  it('charges a stall to the player when it waited before the request, not when the download was slow', () => {
    // Segment 2 is requested 250 ms after segment 1 arrived: playback (from 50) runs dry at 150,
    // segment 2 arrives at 330: a 180 ms stall, all of it avoidable.
    const waited = bufferModel(session([media(1, 0, 50), media(2, 300, 330)]));
    expect(second(waited).stallMs).toBe(180);
    expect(avoidableStallMs(second(waited))).toBe(180);
    expect(modelStalls(waited, 100)).toHaveLength(1);
    // The same stall from a slow download requested at once: none of it is the player's doing.
    const slow = bufferModel(session([media(1, 0, 50), media(2, 50, 330)]));
    expect(second(slow).stallMs).toBe(180);
    expect(avoidableStallMs(second(slow))).toBe(0);
  });

  it('counts near-stalls within the tolerance of the deadline', () => {
    const model = bufferModel(session([media(1, 0, 50), media(2, 50, 140), media(3, 140, 200)]));
    expect(modelStalls(model, 100)).toHaveLength(0);
    expect(nearStalls(model, 100)).toHaveLength(2);
  });

  it('stops at a download that never completed', () => {
    expect(bufferModel(session([media(1, 0, 50), media(2, 50, undefined), media(3, 60, 90)])).segments).toHaveLength(1);
  });

  it('measures throughput over the time any download was running, counting overlaps once', () => {
    expect(measuredThroughput([media(1, 0, 100), media(2, 50, 150)])).toBeCloseTo((2500 * 8) / 0.15);
    expect(measuredThroughput([media(1, 0, 100), media(2, 200, 300)])).toBeCloseTo((2500 * 8) / 0.2);
    expect(measuredThroughput([media(1, 0, undefined)])).toBeUndefined();
  });
});
