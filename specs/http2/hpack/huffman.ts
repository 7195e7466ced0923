import { HpackDecodingError } from './errors.ts';

/**
 * The static Huffman code of RFC 7541 Appendix B. The code is canonical: codes of one length are
 * consecutive, in symbol order, and each length starts where the shorter ones end. So the code
 * lengths of the 257 symbols (256 octets and EOS) define it completely; the codes are rebuilt
 * from them below, and the Appendix C examples in the tests confirm the result.
 */
const codeLengths = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  30,
];

export const endOfString = 256;

interface Code {
  bits: number;
  length: number;
}

function canonicalCodes(lengths: number[]): Code[] {
  const order = lengths.map((length, symbol) => ({ length, symbol })).sort((a, b) => a.length - b.length || a.symbol - b.symbol);
  const codes: Code[] = new Array<Code>(lengths.length);
  let code = 0;
  let previous = order[0]?.length ?? 0;
  order.forEach(({ length, symbol }, i) => {
    if (i > 0) code = (code + 1) * 2 ** (length - previous);
    previous = length;
    codes[symbol] = { bits: code, length };
  });
  return codes;
}

const codes = canonicalCodes(codeLengths);

/** Decoding table: (code length, code) → symbol. */
const symbolsByCode = new Map<number, number>(codes.map((c, symbol) => [c.length * 2 ** 30 + c.bits, symbol]));

/** The Huffman code of `symbol` (0–255, or 256 for EOS), as bits and length, for tests and planted faults. */
export function huffmanCode(symbol: number): Code {
  const code = codes[symbol];
  if (!code) throw new RangeError(`no Huffman symbol ${symbol}`);
  return code;
}

export function huffmanEncodedLength(data: Uint8Array): number {
  let bits = 0;
  for (const octet of data) bits += huffmanCode(octet).length;
  return Math.ceil(bits / 8);
}

/** Encodes octets; the last octet is padded with the most significant bits of EOS (all ones). */
export function huffmanEncode(data: Uint8Array): Buffer {
  const out = Buffer.alloc(huffmanEncodedLength(data));
  let at = 0;
  let pending = 0;
  let pendingBits = 0;
  for (const octet of data) {
    const { bits, length } = huffmanCode(octet);
    for (let i = length - 1; i >= 0; i--) {
      pending = (pending << 1) | (Math.floor(bits / 2 ** i) & 1);
      pendingBits += 1;
      if (pendingBits === 8) {
        out[at++] = pending;
        pending = 0;
        pendingBits = 0;
      }
    }
  }
  if (pendingBits > 0) out[at] = (pending << (8 - pendingBits)) | ((1 << (8 - pendingBits)) - 1);
  return out;
}

/**
 * Decodes strictly (RFC 7541 §5.2): EOS inside the string, padding longer than seven bits, and
 * padding that is not a prefix of EOS (not all ones) are decoding errors.
 */
export function huffmanDecode(data: Uint8Array): Buffer {
  const out: number[] = [];
  let code = 0;
  let length = 0;
  for (const octet of data) {
    for (let i = 7; i >= 0; i--) {
      code = code * 2 + ((octet >> i) & 1);
      length += 1;
      const symbol = symbolsByCode.get(length * 2 ** 30 + code);
      if (symbol === undefined) {
        if (length >= 30) throw new HpackDecodingError('Huffman code longer than 30 bits');
        continue;
      }
      if (symbol === endOfString) throw new HpackDecodingError('Huffman-coded string contains EOS');
      out.push(symbol);
      code = 0;
      length = 0;
    }
  }
  if (length > 7) throw new HpackDecodingError(`Huffman padding of ${length} bits (more than 7)`);
  if (code !== 2 ** length - 1) throw new HpackDecodingError('Huffman padding is not the most significant bits of EOS');
  return Buffer.from(out);
}
