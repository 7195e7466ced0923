/** Keeps the last `capBytes` of a stream's output, counting what was dropped. */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;

  constructor(private readonly capBytes = 8192) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.capBytes && this.chunks.length > 0) {
      const head = this.chunks[0] as Buffer;
      const excess = this.size - this.capBytes;
      if (head.length <= excess) {
        this.chunks.shift();
        this.size -= head.length;
        this.dropped += head.length;
      } else {
        this.chunks[0] = head.subarray(excess);
        this.size -= excess;
        this.dropped += excess;
      }
    }
  }

  toString(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped > 0 ? `… (${this.dropped} earlier bytes not kept)\n${text}` : text;
  }

  get lastLine(): string {
    const lines = this.toString().trimEnd().split('\n');
    return lines[lines.length - 1] ?? '';
  }
}
