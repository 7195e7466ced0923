import fc from 'fast-check';
import { section } from '../../harness/core/rule.ts';
import { oversizedPadding } from './arbitraries.ts';
import { ErrorCode, FrameType, frames } from './frame.ts';
import { connectionErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.1', title: 'DATA' };

export default section(citation, [
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
