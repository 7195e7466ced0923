import { HpackDecodingError } from './errors.ts';

/**
 * RFC 7541 §5.1: an integer fills the low `prefixBits` of its first octet; a value that does not
 * fit continues in octets of seven bits each, least significant group first, high bit set on
 * every octet but the last.
 */

/** Values above this are refused when decoding: no field block needs more (an implementation limit, §5.1). */
export const largestDecodedInteger = 2 ** 32 - 1;

export function encodeInteger(value: number, prefixBits: number, firstOctetHighBits = 0): Buffer {
  const max = (1 << prefixBits) - 1;
  if (value < max) return Buffer.from([firstOctetHighBits | value]);
  const octets = [firstOctetHighBits | max];
  let rest = value - max;
  while (rest >= 128) {
    octets.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  octets.push(rest);
  return Buffer.from(octets);
}

export interface Decoded<T> {
  value: T;
  /** Offset of the first octet after the decoded item. */
  next: number;
}

export function decodeInteger(block: Uint8Array, offset: number, prefixBits: number): Decoded<number> {
  const first = block[offset];
  if (first === undefined) throw new HpackDecodingError('field block ends inside an integer');
  const max = (1 << prefixBits) - 1;
  let value = first & max;
  let at = offset + 1;
  if (value < max) return { value, next: at };
  let weight = 1;
  for (;;) {
    const octet = block[at];
    if (octet === undefined) throw new HpackDecodingError('field block ends inside an integer');
    at += 1;
    value += (octet & 0x7f) * weight;
    weight *= 128;
    if (value > largestDecodedInteger) throw new HpackDecodingError(`integer exceeds ${largestDecodedInteger}`);
    if ((octet & 0x80) === 0) return { value, next: at };
  }
}
