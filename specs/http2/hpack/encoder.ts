import { DynamicTable } from './dynamic-table.ts';
import { encodeInteger } from './integer.ts';
import { type HeaderField, staticTable } from './static-table.ts';
import { encodeString } from './string-literal.ts';

/** How one field is to be written (RFC 7541 §6). */
export interface FieldEncoding {
  /** Literal kind when the field is not written as an index. */
  indexing?: 'incremental' | 'without' | 'never';
  huffman?: boolean;
  /** Write an exact table match as an indexed field (§6.1); default true. */
  useIndex?: boolean;
}

/**
 * An HPACK encoder that keeps its own dynamic table in step with the peer's decoder. It can be
 * told how to write each field, so the harness can generate every representation.
 */
export class HpackEncoder {
  readonly table = new DynamicTable(4096);
  private pendingSizeUpdates: number[] = [];

  /** Changes the table's maximum; the update is written at the start of the next block. */
  setMaxSize(max: number): void {
    this.table.resize(max);
    this.pendingSizeUpdates.push(max);
  }

  encode(fields: readonly HeaderField[], how: FieldEncoding | ((index: number) => FieldEncoding) = {}): Buffer {
    const parts = this.pendingSizeUpdates.splice(0).map((size) => encodeInteger(size, 5, 0x20));
    fields.forEach((field, i) => parts.push(this.encodeField(field, typeof how === 'function' ? how(i) : how)));
    return Buffer.concat(parts);
  }

  private encodeField(field: HeaderField, how: FieldEncoding): Buffer {
    const { exact, name } = this.findIndex(field);
    if (exact !== undefined && (how.useIndex ?? true)) return encodeInteger(exact, 7, 0x80);
    const indexing = how.indexing ?? 'without';
    const [prefixBits, highBits] = indexing === 'incremental' ? [6, 0x40] : indexing === 'never' ? [4, 0x10] : [4, 0x00];
    const huffman = how.huffman ?? false;
    const head =
      name !== undefined
        ? encodeInteger(name, prefixBits, highBits)
        : Buffer.concat([encodeInteger(0, prefixBits, highBits), encodeString(field[0], huffman)]);
    if (indexing === 'incremental') this.table.add(field);
    return Buffer.concat([head, encodeString(field[1], huffman)]);
  }

  private findIndex(field: HeaderField): { exact?: number; name?: number } {
    let name: number | undefined;
    for (let i = 0; i < staticTable.length; i++) {
      const entry = staticTable[i];
      if (entry?.[0] !== field[0]) continue;
      if (entry[1] === field[1]) return { exact: i + 1, name: i + 1 };
      name ??= i + 1;
    }
    const dynamic = this.table.find(field);
    if (dynamic.exact !== undefined) return { exact: dynamic.exact + staticTable.length, name: name ?? dynamic.exact + staticTable.length };
    return { name: name ?? (dynamic.name === undefined ? undefined : dynamic.name + staticTable.length) };
  }
}
