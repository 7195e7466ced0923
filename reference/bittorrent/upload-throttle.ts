/**
 * A peer's upload rate limit: blocks leave no faster than `bytesPerSecond`, one at a time, in
 * the order they were queued (a serializing token bucket). A block is taken off the queue only
 * when the link is free for it, and one that is no longer wanted then (cancelled, or its
 * connection choked or closed meanwhile, BEP 3) is dropped without costing link time.
 * Unlimited by default; the distribution experiment gives each peer its course upload rate u_i.
 */
interface QueuedBlock {
  bytes: number;
  send: () => void;
  wanted: () => boolean;
}

export class UploadThrottle {
  private readonly queue: QueuedBlock[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** When the block on the link has finished serializing (ms, performance.now's clock). */
  private busyUntil = 0;

  constructor(private readonly bytesPerSecond = Number.POSITIVE_INFINITY) {}

  schedule(bytes: number, send: () => void, wanted: () => boolean = () => true): void {
    if (!Number.isFinite(this.bytesPerSecond)) {
      send();
      return;
    }
    this.queue.push({ bytes, send, wanted });
    if (!this.timer) this.startNext(false);
  }

  /**
   * Puts the next wanted block on the link; it is sent when its serialization time is over. A
   * block that follows another at once starts when the previous one was due to end, not when
   * its timer fired, and blocks whose end is already past go out at once: a late timer (a busy
   * event loop fires one timer per turn) does not lower the rate below bytesPerSecond.
   */
  private startNext(chained: boolean): void {
    for (let follows = chained; ; follows = true) {
      let block = this.queue.shift();
      while (block && !block.wanted()) block = this.queue.shift();
      if (!block) return;
      const { bytes, send } = block;
      const now = performance.now();
      this.busyUntil = (follows ? this.busyUntil : Math.max(now, this.busyUntil)) + (bytes / this.bytesPerSecond) * 1000;
      if (this.busyUntil <= now) {
        send();
        continue;
      }
      this.timer = setTimeout(() => {
        this.timer = undefined;
        send();
        this.startNext(true);
      }, this.busyUntil - now);
      return;
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }
}
