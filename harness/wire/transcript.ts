import { escapeBytes, splitAfterLineFeeds } from './escape.ts';

/**
 * The record of one run's exchanges: `C:` what the harness sent, `S:` what the target sent,
 * `*:` events (connect, close, timeout). With several connections in a run each row is
 * prefixed with the connection's number, `[2] C: …`. Bounded: past `capChars` the middle
 * is elided so a flood cannot exhaust memory.
 */
export type Direction = 'C' | 'S' | '*';

export class Transcript {
  private rows: string[] = [];
  private chars = 0;
  private elidedRows = 0;
  private elidedBytes = 0;
  private connections = 0;

  constructor(private readonly capChars = 64 * 1024) {}

  /** Returns the label a new connection's rows carry. */
  openConnection(): number {
    this.connections += 1;
    return this.connections;
  }

  bytes(direction: Exclude<Direction, '*'>, data: Uint8Array, connection = 1): void {
    // Once full, a flood is only counted: escaping it would cost time and memory for nothing.
    if (this.chars >= this.capChars) {
      this.elidedBytes += data.length;
      return;
    }
    for (const part of splitAfterLineFeeds(data)) this.push(direction, escapeBytes(part), connection);
  }

  event(text: string, connection = 1): void {
    this.push('*', text, connection);
  }

  private push(direction: Direction, text: string, connection: number): void {
    const prefix = this.connections > 1 || connection > 1 ? `[${connection}] ` : '';
    const row = `${prefix}${direction}: ${text}`;
    if (this.chars + row.length > this.capChars) {
      this.elidedRows += 1;
      this.chars = this.capChars;
      return;
    }
    this.rows.push(row);
    this.chars += row.length + 1;
  }

  toString(): string {
    const tail =
      this.elidedRows + this.elidedBytes > 0
        ? [`*: … ${this.elidedRows} more rows${this.elidedBytes > 0 ? ` and ${this.elidedBytes} more bytes` : ''} not kept (transcript cap)`]
        : [];
    return [...this.rows, ...tail].join('\n');
  }

  get isEmpty(): boolean {
    return this.rows.length === 0;
  }
}
