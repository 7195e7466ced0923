import { DynamicTable } from './dynamic-table.ts';
import { HpackDecodingError } from './errors.ts';
import { decodeInteger } from './integer.ts';
import { type HeaderField, staticTable } from './static-table.ts';
import { decodeString } from './string-literal.ts';

/** How a field was represented (RFC 7541 §6), kept for checks on the peer's encoder. */
export type Representation = 'indexed' | 'incremental' | 'without' | 'never';

export interface DecodedField {
  name: string;
  value: string;
  representation: Representation;
}

/**
 * A strict HPACK decoder (RFC 7541 §3, §6). Every malformed block is a HpackDecodingError:
 * index 0 or beyond the tables, a size update above the advertised limit or after the first
 * field, a missing size update after the limit was lowered, bad Huffman, truncated data.
 */
export class HpackDecoder {
  private readonly table: DynamicTable;
  private limit: number;
  private mustSignalBelow: number | undefined;

  /** `limit` is the SETTINGS_HEADER_TABLE_SIZE this side advertised (4096 unless changed). */
  constructor(limit = 4096) {
    this.table = new DynamicTable(4096);
    this.limit = 4096;
    this.setLimit(limit);
  }

  get dynamicTable(): DynamicTable {
    return this.table;
  }

  /** Applies a new advertised limit; a reduction below the table's size must be signalled next block. */
  setLimit(limit: number): void {
    if (limit < this.table.maxSize) this.mustSignalBelow = Math.min(limit, this.mustSignalBelow ?? limit);
    this.limit = limit;
  }

  decode(block: Uint8Array): DecodedField[] {
    const fields: DecodedField[] = [];
    let at = 0;
    let sawField = false;
    if (this.mustSignalBelow !== undefined && (block.length === 0 || ((block[0] ?? 0) & 0xe0) !== 0x20)) {
      throw new HpackDecodingError(`the advertised table size was lowered to ${this.mustSignalBelow}, but the block does not start with a size update`);
    }
    while (at < block.length) {
      const first = block[at] ?? 0;
      if ((first & 0xe0) === 0x20) {
        if (sawField) throw new HpackDecodingError('dynamic table size update after a field representation');
        const { value, next } = decodeInteger(block, at, 5);
        if (value > this.limit) throw new HpackDecodingError(`dynamic table size update to ${value} exceeds the limit ${this.limit}`);
        if (this.mustSignalBelow !== undefined && value > this.mustSignalBelow) {
          throw new HpackDecodingError(`size update to ${value} does not go down to the signalled limit ${this.mustSignalBelow}`);
        }
        this.mustSignalBelow = undefined;
        this.table.resize(value);
        at = next;
        continue;
      }
      sawField = true;
      if ((first & 0x80) !== 0) {
        const { value: index, next } = decodeInteger(block, at, 7);
        const [name, value] = this.lookup(index);
        fields.push({ name, value, representation: 'indexed' });
        at = next;
        continue;
      }
      const [prefixBits, representation]: [number, Representation] =
        (first & 0x40) !== 0 ? [6, 'incremental'] : (first & 0x10) !== 0 ? [4, 'never'] : [4, 'without'];
      const { value: nameIndex, next: afterIndex } = decodeInteger(block, at, prefixBits);
      let name: string;
      at = afterIndex;
      if (nameIndex === 0) {
        const decoded = decodeString(block, at);
        name = decoded.value;
        at = decoded.next;
      } else {
        name = this.lookup(nameIndex)[0];
      }
      const decodedValue = decodeString(block, at);
      at = decodedValue.next;
      if (representation === 'incremental') this.table.add([name, decodedValue.value]);
      fields.push({ name, value: decodedValue.value, representation });
    }
    return fields;
  }

  private lookup(index: number): HeaderField {
    if (index === 0) throw new HpackDecodingError('index 0 is not a valid table index');
    const entry = index <= staticTable.length ? staticTable[index - 1] : this.table.get(index - staticTable.length);
    if (!entry) throw new HpackDecodingError(`index ${index} is beyond the static and dynamic tables (${staticTable.length + this.table.length} entries)`);
    return entry;
  }
}
