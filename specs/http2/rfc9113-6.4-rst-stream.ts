import fc from 'fast-check';
import { section } from '../../harness/core/rule.ts';
import { clientStreamId, errorCode, wrongLength } from './arbitraries.ts';
import { ErrorCode, FrameType, frames } from './frame.ts';
import { connectionErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.4', title: 'RST_STREAM' };

export default section(citation, [
  connectionErrorRule({
    slug: 'rst-stream-on-stream-zero',
    title: 'RST_STREAM on stream 0 is a connection error of type PROTOCOL_ERROR',
    sends: 'RST_STREAM with a generated error code on stream 0',
    input: errorCode(),
    maxRuns: 10,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, code) => {
      await client.send(frames.rstStream(0, code));
    },
  }),
  connectionErrorRule({
    slug: 'rst-stream-on-idle-stream',
    title: 'RST_STREAM on an idle stream is a connection error of type PROTOCOL_ERROR',
    sends: 'RST_STREAM on a generated odd stream never opened',
    input: fc.record({ streamId: clientStreamId(1, 2 ** 31 - 1), code: errorCode() }),
    maxRuns: 15,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, { streamId, code }) => {
      await client.send(frames.rstStream(streamId, code));
    },
  }),
  connectionErrorRule({
    slug: 'rst-stream-wrong-length',
    title: 'A RST_STREAM frame whose length is not 4 is a connection error of type FRAME_SIZE_ERROR',
    sends: 'a GET, then RST_STREAM of a generated length other than 4 on it',
    input: wrongLength(4, 16),
    maxRuns: 12,
    codes: [ErrorCode.FRAME_SIZE_ERROR],
    provoke: async (client, length) => {
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields('/', [], 'POST'), false);
      await client.send({ type: FrameType.RST_STREAM, flags: 0, streamId, payload: Buffer.alloc(length) });
    },
  }),
]);
