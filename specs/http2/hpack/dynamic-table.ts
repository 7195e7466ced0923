import type { HeaderField } from './static-table.ts';

/** RFC 7541 §4.1: an entry costs its name and value lengths in octets plus 32. */
export const entryOverhead = 32;

export function entrySize([name, value]: HeaderField): number {
  return Buffer.byteLength(name, 'latin1') + Buffer.byteLength(value, 'latin1') + entryOverhead;
}

/**
 * The dynamic table (RFC 7541 §2.3.2, §4): newest entry first, evicted from the oldest end when
 * an insertion or a smaller maximum would exceed the maximum size. An entry larger than the
 * maximum empties the table and is not added (§4.4).
 */
export class DynamicTable {
  private entries: HeaderField[] = [];
  private used = 0;

  constructor(private max = 4096) {}

  get size(): number {
    return this.used;
  }

  get maxSize(): number {
    return this.max;
  }

  get length(): number {
    return this.entries.length;
  }

  /** Entry by dynamic index, 1 = newest. */
  get(index: number): HeaderField | undefined {
    return this.entries[index - 1];
  }

  /** Dynamic index (1 = newest) of an exact entry, or of the name only. */
  find(field: HeaderField): { exact?: number; name?: number } {
    let name: number | undefined;
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[i];
      if (!entry || entry[0] !== field[0]) continue;
      if (entry[1] === field[1]) return { exact: i + 1, name: i + 1 };
      name ??= i + 1;
    }
    return name === undefined ? {} : { name };
  }

  add(field: HeaderField): void {
    const size = entrySize(field);
    this.evictUntil(this.max - size);
    if (size <= this.max) {
      this.entries.unshift(field);
      this.used += size;
    }
  }

  resize(max: number): void {
    this.max = max;
    this.evictUntil(max);
  }

  private evictUntil(limit: number): void {
    while (this.used > Math.max(limit, 0) && this.entries.length > 0) {
      const oldest = this.entries.pop();
      if (oldest) this.used -= entrySize(oldest);
    }
    if (limit < 0) {
      this.entries = [];
      this.used = 0;
    }
  }
}
