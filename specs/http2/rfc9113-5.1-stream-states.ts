import fc from 'fast-check';
import { section } from '../../harness/core/rule.ts';
import { clientStreamId, errorCode } from './arbitraries.ts';
import { ErrorCode, Setting, frames } from './frame.ts';
import { connectionErrorRule, streamErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '5.1', title: 'Stream States' };

/** With a zero initial window the server cannot finish a response, so the stream stays open on its side. */
const stalled = [[Setting.INITIAL_WINDOW_SIZE, 0]] as const;

export default section(citation, [
  connectionErrorRule({
    slug: 'idle-stream-data-or-window-update',
    title: 'DATA or WINDOW_UPDATE on an idle stream is a connection error of type PROTOCOL_ERROR',
    sends: 'DATA or WINDOW_UPDATE on a generated odd stream that was never opened',
    input: fc.record({ streamId: clientStreamId(1, 2 ** 31 - 1), data: fc.boolean() }),
    maxRuns: 20,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, { streamId, data }) => {
      await client.send(data ? frames.data(streamId, Buffer.from('x')) : frames.windowUpdate(streamId, 100));
    },
  }),
  streamErrorRule({
    slug: 'half-closed-remote-data',
    title: 'DATA on a stream the client already ended (half-closed remote) is answered with STREAM_CLOSED',
    sends: 'a GET with END_STREAM (the response held back by a zero window), then DATA on it',
    input: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    maxRuns: 10,
    settings: stalled,
    codes: [ErrorCode.STREAM_CLOSED],
    provoke: async (client, data) => {
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields());
      await client.send(frames.data(streamId, data));
      return streamId;
    },
  }),
  streamErrorRule({
    slug: 'half-closed-remote-headers',
    title: 'A second HEADERS on a stream the client already ended is answered with STREAM_CLOSED',
    sends: 'a GET with END_STREAM (response held back), then another HEADERS on the same stream',
    input: fc.boolean(),
    maxRuns: 4,
    settings: stalled,
    codes: [ErrorCode.STREAM_CLOSED],
    provoke: async (client, endStream) => {
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields());
      await client.request(streamId, [['x-trailer', 'late']], endStream);
      return streamId;
    },
  }),
  streamErrorRule({
    slug: 'frames-after-rst-stream',
    title: 'DATA on a stream the client reset is answered with STREAM_CLOSED',
    sends: 'a POST without END_STREAM (response held back by a zero window), RST_STREAM with a generated code, then DATA on that stream',
    input: errorCode(),
    maxRuns: 10,
    settings: stalled,
    codes: [ErrorCode.STREAM_CLOSED],
    provoke: async (client, code) => {
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields('/', [], 'POST'), false);
      await client.send(frames.rstStream(streamId, code), frames.data(streamId, Buffer.from('after reset')));
      return streamId;
    },
  }),
]);
