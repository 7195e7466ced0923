import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../harness/perf/token-bucket.ts';

describe('TokenBucket', () => {
  it('without burst it serializes: each chunk leaves L/R after the link became free', () => {
    const bucket = new TokenBucket(8_000); // 1 byte per ms
    expect(bucket.departure(100, 0)).toBeCloseTo(100, 9);
    expect(bucket.departure(50, 0)).toBeCloseTo(150, 9); // queued behind the first
    expect(bucket.backlogMs(120)).toBeCloseTo(30, 9);
    expect(bucket.departure(10, 400)).toBeCloseTo(410, 9); // idle link: starts at once
  });

  it('an idle link does not save up credit unless a burst is allowed', () => {
    const wire = new TokenBucket(8_000);
    wire.departure(1, 0);
    expect(wire.departure(100, 1_000)).toBeCloseTo(1_100, 9);
    const shaper = new TokenBucket(8_000, 60);
    expect(shaper.departure(60, 0)).toBe(0);
    expect(shaper.departure(30, 0)).toBeCloseTo(30, 9);
    expect(shaper.departure(60, 1_000)).toBe(1_000); // refilled to the burst, no further
    expect(shaper.departure(1, 1_000)).toBeCloseTo(1_001, 9);
  });

  it('a chunk seen out of time order is not sent before the link was last busy', () => {
    const bucket = new TokenBucket(8_000);
    bucket.departure(10, 100);
    expect(bucket.departure(10, 50)).toBeCloseTo(120, 9);
  });

  it('rejects impossible rates', () => {
    expect(() => new TokenBucket(0)).toThrow(RangeError);
    expect(() => new TokenBucket(1e6, -1)).toThrow(RangeError);
  });
});
