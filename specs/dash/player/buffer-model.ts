import type { PlayedSession } from './session.ts';
import type { LoggedRequest } from './trace-server.ts';

/**
 * The course's playout-buffer model, computed by the harness from what it saw: media segments
 * play in the order they were requested, each for the segment's media duration; playback starts
 * when the first media segment has arrived; segment i cannot start before it has arrived, so if
 * it arrives after segment i−1 has finished playing, playback stalls for the difference. The
 * model needs nothing from the player but its requests: arrival times are the harness's own
 * completion times.
 */

export interface ModelSegment {
  request: LoggedRequest;
  /** When the download completed (ms, session clock). */
  arrived: number;
  /** When the segment would start playing. */
  playStart: number;
  /** Stall before this segment, ms (0 for the first: that is startup delay). */
  stallMs: number;
  /** How long the player sat idle between the previous download's completion and this request. */
  idleMs: number;
  /** Media buffered ahead of the playhead when the request was sent, ms. */
  bufferAtRequestMs: number;
}

export interface BufferModel {
  segments: ModelSegment[];
  /** First media request → playback start (the first segment's arrival). */
  startupMs: number;
}

/** Stalls shorter than this are timer noise on a loaded machine, not stalls. */
export const stallToleranceMs = (segmentMs: number): number => Math.max(80, 0.8 * segmentMs);

export function bufferModel(session: PlayedSession): BufferModel {
  const d = session.scenario.segmentMs;
  const media = session.requests.filter((r) => r.kind === 'media');
  const segments: ModelSegment[] = [];
  let playEnd = 0;
  let previousArrival: number | undefined;
  for (const request of media) {
    if (request.done === undefined) break;
    const arrived = request.done;
    const first = segments.length === 0;
    const stallMs = first ? 0 : Math.max(0, arrived - playEnd);
    const playStart = first ? arrived : Math.max(arrived, playEnd);
    const idleMs = previousArrival === undefined ? 0 : Math.max(0, request.at - previousArrival);
    const bufferAtRequestMs = first ? 0 : Math.max(0, playEnd - request.at);
    segments.push({ request, arrived, playStart, stallMs, idleMs, bufferAtRequestMs });
    playEnd = playStart + d;
    previousArrival = arrived;
  }
  const firstMedia = media[0];
  const startupMs = firstMedia && segments[0] ? segments[0].arrived - firstMedia.at : 0;
  return { segments, startupMs };
}

/** Stalls the model counts (longer than the tolerance). */
export const modelStalls = (model: BufferModel, segmentMs: number): ModelSegment[] => model.segments.filter((s) => s.stallMs > stallToleranceMs(segmentMs));

/**
 * The share of a stall a player may cause by pausing before a request: a loaded machine can hold
 * a process's event loop for a good part of a segment, which looks like a pause from outside.
 */
export const pauseToleranceMs = (segmentMs: number): number => Math.max(200, 2 * segmentMs);

/** Segments that arrived with less than the tolerance to spare (stalls and near-stalls). */
export const nearStalls = (model: BufferModel, segmentMs: number): ModelSegment[] =>
  model.segments.slice(1).filter((s, i) => s.arrived > (model.segments[i] as ModelSegment).playStart + segmentMs - stallToleranceMs(segmentMs));

/**
 * The part of a stall the player caused by waiting: had it requested the segment as soon as
 * the previous one arrived, the download would have ended `idleMs` earlier.
 */
export const avoidableStallMs = (segment: ModelSegment): number => Math.min(segment.stallMs, segment.idleMs);
