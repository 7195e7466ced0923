/**
 * One pending sleeper woken early by socket events: a reader sleeps until data, close or its
 * deadline, whichever comes first.
 */
export class Wakeup {
  private wake: (() => void) | undefined;

  notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
