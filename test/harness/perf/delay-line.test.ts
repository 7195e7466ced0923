import { describe, expect, it } from 'vitest';
import { DelayLine } from '../../../harness/perf/delay-line.ts';
import { FakeClock } from './fake-clock.ts';

function line(config: ConstructorParameters<typeof DelayLine<string>>[0]) {
  const clock = new FakeClock();
  const delivered: { at: number; items: string[] }[] = [];
  const delay = new DelayLine<string>(config, (items) => delivered.push({ at: clock.now(), items }), clock);
  return { clock, delivered, delay };
}

describe('DelayLine', () => {
  it('delivers after the one-way delay, not before', () => {
    const { clock, delivered, delay } = line({ delayMs: 25 });
    expect(delay.push('a', 10)).toBe(25);
    clock.advance(24.9);
    expect(delivered).toEqual([]);
    clock.advance(0.1);
    expect(delivered).toEqual([{ at: 25, items: ['a'] }]);
  });

  it('serializes at the link rate, then propagates: deliverAt = (start + ΣL/R) + delay', () => {
    // 8 kbit/s = 1 byte per ms
    const { clock, delivered, delay } = line({ delayMs: 10, rateBitsPerSecond: 8_000 });
    expect(delay.push('a', 100)).toBeCloseTo(110, 9);
    expect(delay.push('b', 100)).toBeCloseTo(210, 9);
    expect(delay.queuedBytes).toBe(200);
    clock.advance(300);
    expect(delivered.map((d) => [d.at, d.items])).toEqual([
      [110, ['a']],
      [210, ['b']],
    ]);
    expect(delay.queuedBytes).toBe(0);
    expect(delay.deliveredBytes).toBe(200);
  });

  it('hands over chunks due together in one call, in order', () => {
    const { clock, delivered, delay } = line({ delayMs: 5 });
    delay.push('a', 1);
    delay.push('b', 1);
    delay.push('c', 1);
    clock.advance(5);
    expect(delivered).toEqual([{ at: 5, items: ['a', 'b', 'c'] }]);
  });

  it('records how late it delivered against the due time', () => {
    const clock = new FakeClock();
    // A timer that always fires 3 ms late, as a loaded machine's would.
    const lateClock = { now: () => clock.now(), at: (atMs: number, callback: () => void) => clock.at(atMs + 3, callback) };
    const delay = new DelayLine<string>({ delayMs: 10 }, () => {}, lateClock);
    delay.push('a', 1);
    clock.advance(20);
    expect(delay.lateness).toEqual({ chunks: 1, totalMs: 3, maxMs: 3 });
  });

  it('reports full at its cap and forgets everything on close', () => {
    const { clock, delivered, delay } = line({ delayMs: 5, queueCapBytes: 10 });
    delay.push('a', 6);
    expect(delay.isFull).toBe(false);
    delay.push('b', 6);
    expect(delay.isFull).toBe(true);
    delay.close();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(100);
    expect(delivered).toEqual([]);
  });
});
