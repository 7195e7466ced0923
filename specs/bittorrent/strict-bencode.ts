import { violation } from '../../harness/core/expect.ts';

/**
 * A strict bencode reader for judging a target's bytes (BEP 3, "bencoding"). The bencode
 * package decodes leniently and turns dictionary keys that are not UTF-8 into hex, which hides
 * exactly what a check must see (a scrape keyed by raw 20-byte hashes or by hex text). Here keys
 * stay bytes (as latin1 strings, one char per byte), and every malformation becomes a
 * ProtocolViolation naming its offset.
 */

export type BValue = bigint | Buffer | BValue[] | BDict;
export type BDict = Map<string, BValue>;

const maxDepth = 64;

export interface DecodeResult {
  value: BValue;
  /** Offset just past the first complete value. */
  end: number;
}

export interface DecodeOptions {
  /** Accept dictionary keys out of order (a reader whose rule is about something else). */
  anyKeyOrder?: boolean;
}

/** Decodes the first value of `bytes`; what follows it is left for the caller to judge. */
export function decodeFirst(bytes: Buffer, what: string, options: DecodeOptions = {}): DecodeResult {
  const reader = new Reader(bytes, what, options);
  const value = reader.value(0);
  return { value, end: reader.offset };
}

/** Decodes `bytes` as exactly one value, with nothing after it. */
export function decodeWhole(bytes: Buffer, what: string): BValue {
  const { value, end } = decodeFirst(bytes, what);
  if (end !== bytes.length) violation(`${what}: ${bytes.length - end} byte(s) follow the bencoded value`, 'one bencoded value', `extra bytes at offset ${end}`);
  return value;
}

export function isDict(value: BValue | undefined): value is BDict {
  return value instanceof Map;
}

/** The dictionary `value` must be, or a violation naming `what`. */
export function asDict(value: BValue | undefined, what: string): BDict {
  if (!isDict(value)) violation(`${what} is not a bencoded dictionary`, 'a dictionary', describe(value));
  return value;
}

export function asBytes(value: BValue | undefined, what: string): Buffer {
  if (!Buffer.isBuffer(value)) violation(`${what} is not a bencoded string`, 'a string', describe(value));
  return value;
}

export function asInteger(value: BValue | undefined, what: string): bigint {
  if (typeof value !== 'bigint') violation(`${what} is not a bencoded integer`, 'an integer', describe(value));
  return value;
}

export function asList(value: BValue | undefined, what: string): BValue[] {
  if (!Array.isArray(value)) violation(`${what} is not a bencoded list`, 'a list', describe(value));
  return value;
}

export function describe(value: BValue | undefined): string {
  if (value === undefined) return 'absent';
  if (typeof value === 'bigint') return `integer ${value}`;
  if (Buffer.isBuffer(value)) return `string ${JSON.stringify(value.subarray(0, 40).toString('latin1'))}`;
  if (Array.isArray(value)) return `list of ${value.length}`;
  return `dictionary with keys ${[...value.keys()].map((k) => JSON.stringify(k)).join(', ')}`;
}

class Reader {
  offset = 0;
  constructor(
    private readonly bytes: Buffer,
    private readonly what: string,
    private readonly options: DecodeOptions,
  ) {}

  value(depth: number): BValue {
    if (depth > maxDepth) this.fail(`nesting deeper than ${maxDepth}`);
    const byte = this.bytes[this.offset];
    if (byte === undefined) this.fail('the value ends early');
    if (byte === 0x69) return this.integer();
    if (byte === 0x6c) return this.list(depth);
    if (byte === 0x64) return this.dictionary(depth);
    if (byte >= 0x30 && byte <= 0x39) return this.string();
    return this.fail(`unexpected byte 0x${byte.toString(16)}`);
  }

  private integer(): bigint {
    const end = this.bytes.indexOf(0x65, this.offset);
    if (end < 0) this.fail('an integer has no closing e');
    const text = this.bytes.subarray(this.offset + 1, end).toString('latin1');
    if (!/^(0|-?[1-9][0-9]*)$/.test(text)) this.fail(`integer ${JSON.stringify(text)} is not canonical`);
    this.offset = end + 1;
    return BigInt(text);
  }

  private string(): Buffer {
    const colon = this.bytes.indexOf(0x3a, this.offset);
    if (colon < 0) this.fail('a string length has no colon');
    const text = this.bytes.subarray(this.offset, colon).toString('latin1');
    if (!/^(0|[1-9][0-9]*)$/.test(text)) this.fail(`string length ${JSON.stringify(text)} is not canonical`);
    const length = Number(text);
    const start = colon + 1;
    if (start + length > this.bytes.length) this.fail(`a ${length}-byte string runs past the end`);
    this.offset = start + length;
    return Buffer.from(this.bytes.subarray(start, start + length));
  }

  private list(depth: number): BValue[] {
    this.offset += 1;
    const items: BValue[] = [];
    while (this.bytes[this.offset] !== 0x65) items.push(this.value(depth + 1));
    this.offset += 1;
    return items;
  }

  private dictionary(depth: number): BDict {
    this.offset += 1;
    const entries: BDict = new Map();
    let previous: Buffer | undefined;
    while (this.bytes[this.offset] !== 0x65) {
      if (this.bytes[this.offset] === undefined) this.fail('a dictionary has no closing e');
      const key = this.string();
      if (entries.has(key.toString('latin1'))) this.fail(`dictionary key ${JSON.stringify(key.toString('latin1'))} is repeated`);
      if (previous && !this.options.anyKeyOrder && Buffer.compare(previous, key) >= 0) this.fail(`dictionary key ${JSON.stringify(key.toString('latin1'))} is out of order`);
      previous = key;
      entries.set(key.toString('latin1'), this.value(depth + 1));
    }
    this.offset += 1;
    return entries;
  }

  private fail(problem: string): never {
    return violation(`${this.what} is not valid bencoding: ${problem} (offset ${this.offset})`, 'valid bencoding', problem);
  }
}
