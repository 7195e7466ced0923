import fc from 'fast-check';
import { rule, section } from '../../harness/core/rule.ts';
import { oversizedPadding, padLength } from './arbitraries.ts';
import { ErrorCode, FrameType, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';
import { connectionErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.1', title: 'DATA' };

export default section(citation, [
  rule({
    slug: 'padded-data-accepted',
    level: 'MUST',
    title: 'A DATA frame with valid padding (0–255 octets) is taken as its content alone; the request is answered',
    sends: 'a POST whose body comes in one DATA frame with PADDED, a generated Pad Length and END_STREAM',
    input: fc.record({ content: fc.uint8Array({ minLength: 1, maxLength: 100 }), pad: padLength() }),
    maxRuns: 15,
    check: async (io, { content, pad }) => {
      const client = await H2Client.start(io);
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields('/', [['content-length', String(content.length)]], 'POST'), false);
      await client.send(frames.data(streamId, content, { endStream: true, padLength: pad }));
      await client.readResponse(streamId);
    },
  }),
  connectionErrorRule({
    slug: 'data-on-stream-zero',
    title: 'DATA on stream 0 is a connection error of type PROTOCOL_ERROR',
    sends: 'DATA with generated content (and END_STREAM or not) on stream 0',
    input: fc.record({ data: fc.uint8Array({ maxLength: 100 }), endStream: fc.boolean() }),
    maxRuns: 15,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, { data, endStream }) => {
      await client.send(frames.data(0, data, { endStream }));
    },
  }),
  connectionErrorRule({
    slug: 'data-padding-exceeds-payload',
    title: 'A DATA frame whose Pad Length is not smaller than its payload is a connection error of type PROTOCOL_ERROR',
    sends: 'a POST without END_STREAM, then DATA whose Pad Length ≥ the rest of the payload',
    input: oversizedPadding(),
    maxRuns: 15,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, { content, pad }) => {
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields('/', [], 'POST'), false);
      const payload = Buffer.concat([Buffer.from([pad]), Buffer.alloc(content, 0x61)]);
      await client.send({ type: FrameType.DATA, flags: 0x8 | 0x1, streamId, payload });
    },
  }),
]);
