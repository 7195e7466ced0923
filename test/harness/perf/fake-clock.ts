import type { Clock, TimerHandle } from '../../../harness/perf/clock.ts';

/** A clock the test moves by hand: timers fire, in due order, only inside advance(). */
export class FakeClock implements Clock {
  private time = 0;
  private timers: { atMs: number; callback: () => void; cancelled: boolean }[] = [];

  now(): number {
    return this.time;
  }

  at(atMs: number, callback: () => void): TimerHandle {
    const timer = { atMs, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => !t.cancelled && t.atMs <= end).sort((a, b) => a.atMs - b.atMs)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.atMs);
      next.callback();
    }
    this.time = end;
  }

  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}
