/**
 * The rate limit of one direction of an emulated link: a token bucket, in bytes, refilled at
 * the link rate. With no burst allowance (the default) it is a serializing link: a chunk of L
 * bytes leaves L·8/R seconds after the link became free, which is the L/R of the course's
 * formulas. A positive `burstBytes` lets an idle link send that much at once (a shaper rather
 * than a wire). Tokens may go negative: the debt is the backlog still being serialized.
 */
export class TokenBucket {
  private readonly bytesPerMs: number;
  private tokens: number;
  private updatedAt: number | undefined;

  constructor(
    rateBitsPerSecond: number,
    private readonly burstBytes = 0,
  ) {
    if (!(rateBitsPerSecond > 0)) throw new RangeError(`a link rate must be positive, not ${rateBitsPerSecond}`);
    if (!(burstBytes >= 0)) throw new RangeError(`a burst must be zero or more bytes, not ${burstBytes}`);
    this.bytesPerMs = rateBitsPerSecond / 8 / 1000;
    this.tokens = burstBytes;
  }

  /**
   * Takes `bytes` tokens at time `nowMs` and returns when the chunk's last byte has left the
   * link (≥ nowMs). Calls must come in non-decreasing time order, as a FIFO link sees them.
   */
  departure(bytes: number, nowMs: number): number {
    if (this.updatedAt !== undefined && nowMs > this.updatedAt) {
      this.tokens = Math.min(this.burstBytes, this.tokens + (nowMs - this.updatedAt) * this.bytesPerMs);
    }
    const at = Math.max(nowMs, this.updatedAt ?? nowMs);
    this.updatedAt = at;
    this.tokens -= bytes;
    return this.tokens >= 0 ? at : at + -this.tokens / this.bytesPerMs;
  }

  /** How long the link stays busy with what it has already accepted, seen at `nowMs`. */
  backlogMs(nowMs: number): number {
    if (this.updatedAt === undefined) return 0;
    const tokens = Math.min(this.burstBytes, this.tokens + Math.max(0, nowMs - this.updatedAt) * this.bytesPerMs);
    return tokens >= 0 ? 0 : -tokens / this.bytesPerMs;
  }
}
