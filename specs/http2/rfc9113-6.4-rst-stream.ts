import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { clientStreamId, errorCode, wrongLength } from './arbitraries.ts';
import { ErrorCode, FrameType, Setting, describeFrame, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';
import { connectionErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.4', title: 'RST_STREAM' };

export default section(citation, [
  rule({
    slug: 'nothing-sent-after-rst-stream',
    level: 'MUST',
    title: 'After the client resets a stream the server sends no more frames on it (but PRIORITY), even when its window opens',
    sends: 'a GET held back by a zero window; after its response HEADERS, RST_STREAM (generated code), then SETTINGS opening the window, then PING',
    input: errorCode(),
    maxRuns: 10,
    check: async (io, code) => {
      const client = await H2Client.start(io, { settings: [[Setting.INITIAL_WINDOW_SIZE, 0]] });
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields());
      for (;;) {
        const frame = await client.readFrame(`the response HEADERS on stream ${streamId}`);
        await client.serviceFrame(frame);
        if (frame.type === FrameType.HEADERS && frame.streamId === streamId) break;
      }
      const resetAt = client.received.length;
      await client.send(frames.rstStream(streamId, code), frames.settings([[Setting.INITIAL_WINDOW_SIZE, 65_535]]));
      await client.expectAlive('after the reset');
      // DATA the window allowed may be queued behind the PING ACK: listen a little longer.
      await client.listenFor(100);
      const late = client.received.slice(resetAt).find((f) => f.streamId === streamId && f.type !== FrameType.PRIORITY);
      expectEqual('frames on the reset stream after RST_STREAM', late ? describeFrame(late) : 'none', 'none');
    },
  }),
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
