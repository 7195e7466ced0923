/**
 * Bytes received and not yet consumed, in one growable block: appends are amortised O(1)
 * (capacity doubles up to 2 MiB, then grows in 2 MiB steps), so a flood costs linear copying, not the quadratic churn of concatenating
 * on every chunk; what a read takes is moved out, the rest shifted to the front.
 */
export class ReceiveBuffer {
  private block = Buffer.alloc(4096);
  private used = 0;

  get length(): number {
    return this.used;
  }

  /** The unconsumed bytes (a view: valid until the next append or take). */
  view(): Buffer {
    return this.block.subarray(0, this.used);
  }

  append(chunk: Buffer): void {
    const needed = this.used + chunk.length;
    if (needed > this.block.length) {
      // Double while small; past 2 MiB grow by 2 MiB steps, so a capped flood never reserves
      // twice the cap.
      const step = Math.min(this.block.length, 2 << 20);
      const grown = Buffer.alloc(Math.max(this.block.length + step, needed));
      this.block.copy(grown, 0, 0, this.used);
      this.block = grown;
    }
    chunk.copy(this.block, this.used);
    this.used += chunk.length;
  }

  /** Removes and returns the first `count` bytes. */
  take(count: number): Buffer {
    const head = Buffer.from(this.block.subarray(0, count));
    this.block.copyWithin(0, count, this.used);
    this.used -= count;
    // Give a flood's memory back once it has been consumed.
    if (this.used === 0 && this.block.length > 1 << 20) this.block = Buffer.alloc(4096);
    return head;
  }
}
