import { escapeBytes, splitAfterLineFeeds } from './escape.ts';

/**
 * The record of one run's exchanges: `C:` what the harness sent, `S:` what the target sent,
 * `*:` events (connect, close, timeout). With several connections in a run each row is
 * prefixed with the connection's number, `[2] C: …`.
 *
 * Bytes are kept raw and escaped only when the transcript is shown: most runs pass and their
 * transcript is thrown away, so escaping on arrival would be wasted work on every check.
 * Bounded: past `capBytes` further traffic is only counted, so a flood cannot exhaust memory.
 */
export type Direction = 'C' | 'S' | '*';

interface Entry {
  direction: Direction;
  connection: number;
  data: Uint8Array | string;
}

export class Transcript {
  private entries: Entry[] = [];
  private kept = 0;
  private elidedEntries = 0;
  private elidedBytes = 0;
  private connections = 0;

  constructor(private readonly capBytes = 32 * 1024) {}

  /** Returns the label a new connection's rows carry. */
  openConnection(): number {
    this.connections += 1;
    return this.connections;
  }

  /** Records bytes; `owned` says the caller never reuses `data` (a received datagram), so no copy is kept. */
  bytes(direction: Exclude<Direction, '*'>, data: Uint8Array, connection = 1, owned = false): void {
    if (this.kept >= this.capBytes) {
      this.elidedBytes += data.length;
      return;
    }
    const room = this.capBytes - this.kept;
    const keep = data.length <= room ? data : data.subarray(0, room);
    // Copied unless owned: the caller may reuse its buffer.
    this.entries.push({ direction, connection, data: owned ? keep : Buffer.from(keep) });
    this.kept += keep.length;
    this.elidedBytes += data.length - keep.length;
  }

  event(text: string, connection = 1): void {
    if (this.kept >= this.capBytes) {
      this.elidedEntries += 1;
      return;
    }
    this.entries.push({ direction: '*', connection, data: text });
    this.kept += text.length;
  }

  toString(): string {
    const labelled = this.connections > 1;
    const rows: string[] = [];
    for (const entry of this.entries) {
      const prefix = labelled || entry.connection > 1 ? `[${entry.connection}] ` : '';
      if (typeof entry.data === 'string') rows.push(`${prefix}${entry.direction}: ${entry.data}`);
      else for (const part of splitAfterLineFeeds(entry.data)) rows.push(`${prefix}${entry.direction}: ${escapeBytes(part)}`);
    }
    if (this.elidedEntries + this.elidedBytes > 0) {
      rows.push(`*: … ${this.elidedBytes} more bytes${this.elidedEntries > 0 ? ` and ${this.elidedEntries} more events` : ''} not kept (transcript cap)`);
    }
    return rows.join('\n');
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }
}
