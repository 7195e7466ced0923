/**
 * A peer's upload rate limit: blocks leave no faster than `bytesPerSecond` (a serializing token
 * bucket, one block at a time). Unlimited by default; the distribution experiment gives each
 * peer its course upload rate u_i.
 */
export class UploadThrottle {
  private nextFree = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly bytesPerSecond = Number.POSITIVE_INFINITY) {}

  schedule(bytes: number, send: () => void): void {
    if (!Number.isFinite(this.bytesPerSecond)) {
      send();
      return;
    }
    const now = Date.now();
    const start = Math.max(now, this.nextFree);
    this.nextFree = start + (bytes / this.bytesPerSecond) * 1000;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, this.nextFree - now);
    this.timers.add(timer);
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
