/**
 * Time as the link emulator sees it. Injected so that unit tests can drive the emulator's
 * arithmetic with a fake clock instead of waiting on the wall clock.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (fractions allowed). */
  now(): number;
  /** Calls `callback` once, no earlier than `atMs` on this clock's scale. */
  at(atMs: number, callback: () => void): TimerHandle;
}

export interface TimerHandle {
  cancel(): void;
}

/**
 * Node's timers count whole milliseconds from the event loop's cached time, so a timer may fire
 * up to a millisecond early or late. Each timer is armed for the rounded remaining time and
 * re-armed if it fires more than half a millisecond early: a delivery is then within about
 * ±0.5 ms of its due time plus the loop's own lag, with no bias towards late. Polling the last
 * stretch (setImmediate) was tried and rejected: on a loaded machine a spinning process is
 * preempted and misses by several milliseconds.
 */
const earlyToleranceMs = 0.5;

export const systemClock: Clock = {
  now: () => performance.now(),
  at(atMs, callback) {
    let timer: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;
    const arm = (): void => {
      const left = atMs - performance.now();
      // setTimeout(0) waits a whole millisecond; a delivery this close is made on the next turn.
      if (left <= earlyToleranceMs) immediate = setImmediate(callback);
      else timer = setTimeout(fire, Math.round(left));
    };
    const fire = (): void => {
      if (atMs - performance.now() > earlyToleranceMs) arm();
      else callback();
    };
    // Never calls back synchronously: the caller gets its handle first.
    arm();
    return {
      cancel() {
        clearTimeout(timer);
        clearImmediate(immediate);
      },
    };
  },
};
