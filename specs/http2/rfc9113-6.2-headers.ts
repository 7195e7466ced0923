import fc from 'fast-check';
import { rule, section } from '../../harness/core/rule.ts';
import { clientStreamId, oversizedPadding, padLength } from './arbitraries.ts';
import { ErrorCode, Flag, FrameType, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';
import { connectionErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.2', title: 'HEADERS' };

export default section(citation, [
  connectionErrorRule({
    slug: 'headers-on-stream-zero',
    title: 'HEADERS on stream 0 is a connection error of type PROTOCOL_ERROR',
    sends: 'a complete GET field block in HEADERS on stream 0',
    input: fc.boolean(),
    maxRuns: 4,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, huffman) => {
      await client.send(frames.headers(0, client.encoder.encode(client.requestFields(), { huffman }), { endStream: true }));
    },
  }),
  connectionErrorRule({
    slug: 'headers-padding-exceeds-payload',
    title: 'A HEADERS frame whose padding leaves no room for the field block is a connection error of type PROTOCOL_ERROR',
    sends: 'HEADERS with PADDED whose Pad Length ≥ the rest of the payload',
    input: oversizedPadding(),
    maxRuns: 15,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, { content, pad }) => {
      const streamId = client.newStreamId();
      const payload = Buffer.concat([Buffer.from([pad]), Buffer.alloc(content, 0x82)]);
      await client.send({ type: FrameType.HEADERS, flags: Flag.PADDED | Flag.END_HEADERS | Flag.END_STREAM, streamId, payload });
    },
  }),
  rule({
    slug: 'padded-headers-accepted',
    level: 'MUST',
    title: 'A HEADERS frame with valid padding (0–255 octets) is processed as its field block alone',
    sends: 'a GET in HEADERS with PADDED and a generated Pad Length',
    input: fc.record({ pad: padLength(), huffman: fc.boolean() }),
    maxRuns: 20,
    check: async (io, { pad, huffman }) => {
      const client = await H2Client.start(io);
      const streamId = client.newStreamId();
      await client.send(frames.headers(streamId, client.encoder.encode(client.requestFields(), { huffman }), { endStream: true, padLength: pad }));
      await client.readResponse(streamId);
    },
  }),
  rule({
    slug: 'priority-fields-accepted',
    level: 'MUST',
    title: 'A HEADERS frame with the PRIORITY flag is processed: its five priority octets are not part of the field block',
    sends: 'a GET in HEADERS with PRIORITY, a generated dependency (not itself), weight and exclusive bit',
    input: fc.record({ dependency: clientStreamId(1, 999).map((n) => n - 1), weight: fc.integer({ min: 0, max: 255 }), exclusive: fc.boolean() }),
    maxRuns: 20,
    check: async (io, priority) => {
      const client = await H2Client.start(io);
      client.skipStreamsBelow(1001);
      const streamId = client.newStreamId();
      await client.send(frames.headers(streamId, client.encoder.encode(client.requestFields()), { endStream: true, priority }));
      await client.readResponse(streamId);
    },
  }),
]);
