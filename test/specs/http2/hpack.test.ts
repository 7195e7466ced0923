import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { HpackDecoder } from '../../../specs/http2/hpack/decoder.ts';
import { HpackEncoder } from '../../../specs/http2/hpack/encoder.ts';
import { HpackDecodingError } from '../../../specs/http2/hpack/errors.ts';
import { huffmanDecode, huffmanEncode } from '../../../specs/http2/hpack/huffman.ts';
import { decodeInteger, encodeInteger } from '../../../specs/http2/hpack/integer.ts';
import { brokenHuffman } from '../../../specs/http2/rfc7541-hpack.ts';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const pairs = (decoder: HpackDecoder, block: Buffer): [string, string][] => decoder.decode(block).map((f) => [f.name, f.value]);

describe('RFC 7541 Appendix C examples', () => {
  it('C.1 integers', () => {
    expect(encodeInteger(10, 5)).toEqual(hex('0a'));
    expect(encodeInteger(1337, 5)).toEqual(hex('1f9a0a'));
    expect(encodeInteger(42, 8)).toEqual(hex('2a'));
    expect(decodeInteger(hex('1f9a0a'), 0, 5)).toEqual({ value: 1337, next: 3 });
  });

  it('C.3 requests without Huffman, C.4 with Huffman: same fields, same table', () => {
    const first: [string, string][] = [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']];
    expect(pairs(new HpackDecoder(), hex('828684410f7777772e6578616d706c652e636f6d'))).toEqual(first);
    const huffman = new HpackDecoder();
    expect(pairs(huffman, hex('828684418cf1e3c2e5f23a6ba0ab90f4ff'))).toEqual(first);
    expect(pairs(huffman, hex('828684be5886a8eb10649cbf'))).toEqual([...first, ['cache-control', 'no-cache']]);
    expect(pairs(huffman, hex('828785bf400a637573746f6d2d6b65798925a849e95bb8e8b4bf'))).toEqual([
      [':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value'],
    ]);
    expect(huffman.dynamicTable.size).toBe(164);
  });

  it('C.6 responses with Huffman and a 256-octet table, with eviction', () => {
    const decoder = new HpackDecoder(256);
    // The decoder was told the limit is 256 before any block: the first block must say so.
    expect(() => decoder.decode(hex('4882640258'))).toThrow(HpackDecodingError);
    const fresh = new HpackDecoder();
    fresh.dynamicTable.resize(256);
    const date = 'Mon, 21 Oct 2013 20:13:21 GMT';
    expect(pairs(fresh, hex('488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3'))).toEqual([
      [':status', '302'], ['cache-control', 'private'], ['date', date], ['location', 'https://www.example.com'],
    ]);
    expect(fresh.dynamicTable.size).toBe(222);
    expect(pairs(fresh, hex('4883640effc1c0bf'))).toEqual([
      [':status', '307'], ['cache-control', 'private'], ['date', date], ['location', 'https://www.example.com'],
    ]);
    expect(fresh.dynamicTable.size).toBe(222);
  });
});

describe('strict decoding errors', () => {
  const errors: [string, string][] = [
    ['index 0', '80'],
    ['index past the tables', 'be'],
    ['truncated integer', 'ff'],
    ['string past the end', '000561'],
    ['Huffman padding of 8 bits', '0081ff'],
    ['size update after a field', '8220'],
    ['size update above the limit', '3fe21f'],
  ];
  for (const [what, block] of errors) {
    it(`rejects ${what}`, () => {
      expect(() => new HpackDecoder().decode(hex(block))).toThrow(HpackDecodingError);
    });
  }
  it('rejects padding that is not all ones and EOS in the string', () => {
    expect(() => huffmanDecode(hex('00'))).toThrow(HpackDecodingError);
    expect(() => huffmanDecode(hex('fffffffc'))).toThrow(HpackDecodingError);
  });
});

describe('round trips', () => {
  test.prop([fc.uint8Array({ maxLength: 200 })])('Huffman decode(encode(x)) = x', (bytes) => {
    expect(huffmanDecode(huffmanEncode(bytes))).toEqual(Buffer.from(bytes));
  });

  test.prop([fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 8 })])('integers round trip', (value, prefix) => {
    const encoded = encodeInteger(value, prefix);
    expect(decodeInteger(encoded, 0, prefix)).toEqual({ value, next: encoded.length });
  });

  const field = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/), fc.string({ unit: 'binary-ascii', maxLength: 40 }));
  const how = fc.record({ indexing: fc.constantFrom('incremental', 'without', 'never' as const), huffman: fc.boolean(), useIndex: fc.boolean() });
  test.prop([fc.array(fc.tuple(fc.array(field, { maxLength: 8 }), fc.array(how, { minLength: 8, maxLength: 8 })), { maxLength: 6 }), fc.integer({ min: 0, max: 4096 })])(
    'an encoder and a decoder stay in step across blocks and table resizes',
    (blocks, tableSize) => {
      const encoder = new HpackEncoder();
      const decoder = new HpackDecoder();
      encoder.setMaxSize(tableSize);
      for (const [fields, hows] of blocks) {
        const block = encoder.encode(fields, (i) => hows[i] ?? {});
        expect(pairs(decoder, block)).toEqual(fields);
        expect(decoder.dynamicTable.size).toBe(encoder.table.size);
      }
    },
  );
});

describe('generators of invalid input', () => {
  test.prop([brokenHuffman])('every generated broken Huffman string is refused by the strict decoder', (body) => {
    expect(() => huffmanDecode(body)).toThrow(HpackDecodingError);
  });
});
