import fc from 'fast-check';
import { violation } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { regularFields } from './arbitraries.ts';
import { ErrorCode, Setting, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';
import { HpackEncoder } from './hpack/encoder.ts';
import { huffmanEncode } from './hpack/huffman.ts';
import { encodeInteger } from './hpack/integer.ts';
import { staticTable } from './hpack/static-table.ts';
import { connectionErrorRule } from './rule-shapes.ts';

/**
 * RFC 7541, the server's HPACK decoder and encoder. Every decoding error must end the connection
 * with COMPRESSION_ERROR (RFC 9113 §4.3); the blocks below are valid requests with one defect
 * generated into them.
 */

const cite = (sectionNumber: string, title: string) => ({ suite: 'http2', rfc: 'RFC 7541', section: sectionNumber, title });

/** Sends a GET whose field block has `defect` placed before, among or after the valid fields. */
async function sendDefectiveBlock(client: H2Client, defect: Buffer, where: 'start' | 'end' = 'end'): Promise<void> {
  const valid = client.encoder.encode(client.requestFields());
  const block = where === 'start' ? Buffer.concat([defect, valid]) : Buffer.concat([valid, defect]);
  await client.send(frames.headers(client.newStreamId(), block, { endStream: true }));
}

const compressionError = [ErrorCode.COMPRESSION_ERROR];

/** A literal field without indexing, new name, whose value octets are given raw with the H bit set. */
const huffmanLiteral = (body: Buffer): Buffer => Buffer.concat([Buffer.from([0x00, 0x03]), Buffer.from('x-h'), encodeInteger(body.length, 7, 0x80), body]);

/**
 * `zeros` zero bits (so many '0' symbols, whose code is 00000) followed by `ones` one bits,
 * padded with ones to a whole octet.
 */
function packBits(zeros: number, ones: number): Buffer {
  const total = Math.ceil((zeros + ones) / 8) * 8;
  const out = Buffer.alloc(total / 8);
  for (let bit = zeros; bit < total; bit++) out[bit >> 3] = (out[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  return out;
}

/** Huffman strings that break §5.2: EOS coded inside, padding of 8+ bits, padding with a zero bit. */
export const brokenHuffman = fc
  .record({ digits: fc.stringMatching(/^[012]{1,12}$/).filter((d) => (d.length * 5) % 8 !== 0), defect: fc.constantFrom('eos', 'long-padding', 'zero-padding') })
  .map(({ digits, defect }) => {
    const coded = huffmanEncode(Buffer.from(digits));
    if (defect === 'long-padding') return Buffer.concat([coded, Buffer.from([0xff])]);
    // The digits' codes, then EOS (30 one bits) at a symbol boundary, then padding of ones.
    if (defect === 'eos') return packBits(digits.length * 5, 30);
    // '0', '1', '2' have 5-bit codes, so the last octet ends in padding: its last bit is set to 0 (no code
    // of seven bits or fewer is all ones but the last, so nothing decodes from it).
    const broken = Buffer.from(coded);
    broken[broken.length - 1] = (broken[broken.length - 1] ?? 0) & 0xfe;
    return broken;
  });

export const addressSpace = section(cite('2.3.3', 'Index Address Space'), [
  connectionErrorRule({
    slug: 'index-beyond-tables',
    title: 'An index past the static and dynamic tables is a decoding error (COMPRESSION_ERROR)',
    sends: 'a GET whose block ends with an indexed field 62–5000 (the dynamic table is empty)',
    input: fc.integer({ min: staticTable.length + 1, max: 5000 }),
    maxRuns: 15,
    codes: compressionError,
    provoke: async (client, index) => {
      await sendDefectiveBlock(client, encodeInteger(index, 7, 0x80));
    },
  }),
  rule({
    slug: 'dynamic-table-references',
    level: 'MUST',
    title: 'Fields entered with incremental indexing (duplicates included) are found again by dynamic index in later blocks',
    sends: 'the same GET three times: literals with incremental indexing twice (so entries repeat), then indexed references',
    input: fc.record({ extra: regularFields(3), huffman: fc.boolean() }),
    maxRuns: 15,
    check: async (io, { extra, huffman }) => {
      const client = await H2Client.start(io);
      const fields = client.requestFields('/', extra);
      const answers: string[] = [];
      for (const how of [{ indexing: 'incremental', useIndex: false, huffman }, { indexing: 'incremental', useIndex: false, huffman }, { useIndex: true }] as const) {
        const streamId = client.newStreamId();
        await client.send(frames.headers(streamId, client.encoder.encode(fields, how), { endStream: true }));
        const response = await client.readResponse(streamId);
        answers.push(`${response.status}/${response.body.length}`);
      }
      if (new Set(answers).size !== 1) violation('the same request, written with dynamic indices, got another answer', answers[0], answers.join(' then '));
    },
  }),
]);

export const tableSize = section(cite('4.2', 'Maximum Table Size'), [
  connectionErrorRule({
    slug: 'size-update-after-field',
    title: 'A dynamic table size update after the first field of a block is a decoding error (COMPRESSION_ERROR)',
    sends: 'a GET whose block ends with a size update to a generated size ≤ 4096',
    input: fc.integer({ min: 0, max: 4096 }),
    maxRuns: 10,
    codes: compressionError,
    provoke: async (client, size) => {
      await sendDefectiveBlock(client, encodeInteger(size, 5, 0x20));
    },
  }),
  rule({
    slug: 'encoder-honours-header-table-size',
    level: 'MUST',
    title: "The server's encoder keeps within the client's SETTINGS_HEADER_TABLE_SIZE and signals the reduction first",
    sends: 'a preface with HEADER_TABLE_SIZE 0–4095, then 2–3 GETs decoded under that limit',
    input: fc.record({ size: fc.integer({ min: 0, max: 4095 }), requests: fc.integer({ min: 2, max: 3 }) }),
    maxRuns: 12,
    check: async (io, { size, requests }) => {
      const client = await H2Client.start(io, { settings: [[Setting.HEADER_TABLE_SIZE, size]] });
      for (let i = 0; i < requests; i++) await client.get('/');
    },
  }),
]);

export const integers = section(cite('5.1', 'Integer Representation'), [
  connectionErrorRule({
    slug: 'integer-overflow',
    title: 'An integer too large for the decoder (here past 2^40) is a decoding error (COMPRESSION_ERROR)',
    sends: 'a GET whose block ends with an indexed field whose index runs 6–10 continuation octets',
    input: fc.integer({ min: 6, max: 10 }),
    maxRuns: 5,
    codes: compressionError,
    provoke: async (client, octets) => {
      await sendDefectiveBlock(client, Buffer.concat([Buffer.from([0xff]), Buffer.alloc(octets - 1, 0xff), Buffer.from([0x7f])]));
    },
  }),
]);

export const strings = section(cite('5.2', 'String Literal Representation'), [
  connectionErrorRule({
    slug: 'invalid-huffman-string',
    title: 'A Huffman string containing EOS, or padded with more than 7 bits or with a zero bit, is a decoding error (COMPRESSION_ERROR)',
    sends: 'a GET with one field whose Huffman-coded value has a generated defect',
    input: brokenHuffman,
    maxRuns: 15,
    codes: compressionError,
    provoke: async (client, body) => {
      await sendDefectiveBlock(client, huffmanLiteral(body));
    },
  }),
]);

export const indexedFields = section(cite('6.1', 'Indexed Header Field Representation'), [
  connectionErrorRule({
    slug: 'index-zero',
    title: 'An indexed field with index 0 is a decoding error (COMPRESSION_ERROR)',
    sends: 'a GET whose block has the octet 0x80 at the start or the end',
    input: fc.constantFrom('start', 'end' as const),
    maxRuns: 2,
    codes: compressionError,
    provoke: async (client, where) => {
      await sendDefectiveBlock(client, Buffer.from([0x80]), where);
    },
  }),
]);

export const neverIndexed = section(cite('6.2.3', 'Literal Header Field Never Indexed'), [
  rule({
    slug: 'never-indexed-literals-accepted',
    level: 'MUST',
    title: 'Fields written as never-indexed literals are decoded like any literal and the request answered',
    sends: 'a GET whose every field is a never-indexed literal (static name index where there is one, Huffman or not), with generated regular fields',
    input: fc.record({ extra: regularFields(3), huffman: fc.boolean() }),
    maxRuns: 12,
    check: async (io, { extra, huffman }) => {
      const client = await H2Client.start(io);
      const streamId = client.newStreamId();
      const block = client.encoder.encode(client.requestFields('/', extra), { indexing: 'never', huffman, useIndex: false });
      await client.send(frames.headers(streamId, block, { endStream: true }));
      await client.readResponse(streamId);
    },
  }),
]);

export const sizeUpdates = section(cite('6.3', 'Dynamic Table Size Update'), [
  connectionErrorRule({
    slug: 'size-update-above-limit',
    title: 'A size update above the SETTINGS_HEADER_TABLE_SIZE the server announced is a decoding error (COMPRESSION_ERROR)',
    sends: 'a GET whose block starts with a size update 1–100000 above the announced limit',
    input: fc.integer({ min: 1, max: 100_000 }),
    maxRuns: 12,
    codes: compressionError,
    provoke: async (client, excess) => {
      const limit = client.serverSetting(Setting.HEADER_TABLE_SIZE, 4096);
      await sendDefectiveBlock(client, encodeInteger(limit + excess, 5, 0x20), 'start');
    },
  }),
  connectionErrorRule({
    slug: 'size-update-evicts-entries',
    title: 'A size update to 0 empties the dynamic table: a later reference to an old entry is a decoding error',
    sends: 'a GET that enters fields with incremental indexing, then a GET that starts with a size update to 0 and references index 62',
    input: regularFields(2).filter((f) => f.length > 0),
    maxRuns: 10,
    codes: compressionError,
    provoke: async (client, extra) => {
      const first = client.newStreamId();
      await client.send(frames.headers(first, client.encoder.encode(client.requestFields('/', extra), { indexing: 'incremental', useIndex: false }), { endStream: true }));
      await client.readResponse(first);
      const block = Buffer.concat([encodeInteger(0, 5, 0x20), encodeInteger(staticTable.length + 1, 7, 0x80), new HpackEncoder().encode(client.requestFields())]);
      await client.send(frames.headers(client.newStreamId(), block, { endStream: true }));
    },
  }),
]);
