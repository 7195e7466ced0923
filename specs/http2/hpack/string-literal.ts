import { HpackDecodingError } from './errors.ts';
import { huffmanDecode, huffmanEncode } from './huffman.ts';
import { type Decoded, decodeInteger, encodeInteger } from './integer.ts';

/** RFC 7541 §5.2: a string is the H bit, a 7-bit-prefix length, then that many octets. */

export function encodeString(text: string, huffman: boolean): Buffer {
  const raw = Buffer.from(text, 'latin1');
  const body = huffman ? huffmanEncode(raw) : raw;
  return Buffer.concat([encodeInteger(body.length, 7, huffman ? 0x80 : 0), body]);
}

export function decodeString(block: Uint8Array, offset: number): Decoded<string> {
  const first = block[offset];
  if (first === undefined) throw new HpackDecodingError('field block ends before a string');
  const { value: length, next } = decodeInteger(block, offset, 7);
  if (next + length > block.length) throw new HpackDecodingError(`string of ${length} octets runs past the end of the field block`);
  const body = block.subarray(next, next + length);
  const text = (first & 0x80) !== 0 ? huffmanDecode(body) : Buffer.from(body);
  return { value: text.toString('latin1'), next: next + length };
}
