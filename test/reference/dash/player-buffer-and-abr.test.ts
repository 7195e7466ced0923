import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { chooseBufferBased, chooseRateBased, harmonicMean, highestAtMost } from '../../../reference/dash/player/abr.ts';
import { PlayoutBuffer } from '../../../reference/dash/player/playout-buffer.ts';

const ladder = [300_000, 750_000, 1_500_000, 3_000_000];

describe('playout buffer', () => {
  it('starts on the first segment, plays at real time and counts a stall when the next segment is late', () => {
    const buffer = new PlayoutBuffer(100);
    expect(buffer.arrive(0)).toBe(0);
    expect(buffer.levelMs(40)).toBe(60);
    expect(buffer.arrive(80)).toBe(0);
    expect(buffer.levelMs(80)).toBe(120);
    // Two segments buffered by t=80 last until t=200; the third arrives at 250: 50 ms stall.
    expect(buffer.arrive(250)).toBe(50);
    expect(buffer.stalls).toBe(1);
    expect(buffer.stallMs).toBe(50);
    expect(buffer.levelMs(250)).toBe(100);
  });

  it('waits for the startup threshold before playing', () => {
    const buffer = new PlayoutBuffer(100, 2);
    buffer.arrive(0);
    expect(buffer.started).toBe(false);
    expect(buffer.levelMs(500)).toBe(100);
    buffer.arrive(600);
    expect(buffer.started).toBe(true);
    expect(buffer.stalls).toBe(0);
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 40 })])('media played plus stalls never exceed the wall time since startup', (gaps) => {
    const buffer = new PlayoutBuffer(100);
    let now = 0;
    for (const gap of gaps) {
      now += gap;
      buffer.arrive(now);
      expect(buffer.levelMs(now)).toBeGreaterThanOrEqual(0);
      expect(buffer.levelMs(now)).toBeLessThanOrEqual(gaps.length * 100);
    }
    const start = buffer.startTime ?? 0;
    expect(buffer.playedMs(now) + buffer.stallMs).toBeLessThanOrEqual(now - start + 1e-9);
  });
});

describe('rate-based ABR', () => {
  it('starts at the lowest rung and then takes the highest rung under 0.9 × the harmonic mean of the last three throughputs', () => {
    expect(chooseRateBased(ladder, { throughputs: [], bufferMs: 0, segmentMs: 100 })).toBe(0);
    expect(harmonicMean([1e6, 4e6, 4e6, 4e6])).toBeCloseTo(4e6);
    expect(harmonicMean([4e6, 1e6, 1e6])).toBeCloseTo(3 / (0.25e-6 + 2e-6));
    // 0.9 × 1.9 Mbit/s = 1.71: 1.5 Mbit/s, not 3.
    expect(chooseRateBased(ladder, { throughputs: [1.9e6, 1.9e6, 1.9e6], bufferMs: 0, segmentMs: 100 })).toBe(2);
  });

  test.prop([fc.array(fc.integer({ min: 100_000, max: 10_000_000 }), { minLength: 1, maxLength: 10 })])('never picks a rung above the safety-scaled estimate unless it is the lowest', (samples) => {
    const rung = chooseRateBased(ladder, { throughputs: samples, bufferMs: 0, segmentMs: 100 });
    const estimate = (harmonicMean(samples) as number) * 0.9;
    if (rung > 0) expect(ladder[rung]).toBeLessThanOrEqual(estimate);
    if (rung < ladder.length - 1) expect(ladder[rung + 1]).toBeGreaterThan(estimate);
  });
});

describe('buffer-based ABR (BBA)', () => {
  it('maps the reservoir to the lowest rung and reservoir + cushion to the highest', () => {
    expect(chooseBufferBased(ladder, { throughputs: [], bufferMs: 150, segmentMs: 100 })).toBe(0);
    expect(chooseBufferBased(ladder, { throughputs: [], bufferMs: 500, segmentMs: 100 })).toBe(3);
  });

  test.prop([fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })])('is monotone in the buffer level', (a, b) => {
    const [low, high] = a <= b ? [a, b] : [b, a];
    const pick = (bufferMs: number): number => chooseBufferBased(ladder, { throughputs: [], bufferMs, segmentMs: 100 });
    expect(pick(low)).toBeLessThanOrEqual(pick(high));
  });

  it('highestAtMost falls back to the lowest rung', () => {
    expect(highestAtMost(ladder, 1)).toBe(0);
    expect(highestAtMost(ladder, 1_500_000)).toBe(2);
  });
});
