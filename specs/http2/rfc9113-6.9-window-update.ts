import fc from 'fast-check';
import { section } from '../../harness/core/rule.ts';
import { wrongLength } from './arbitraries.ts';
import { ErrorCode, FrameType, Setting, frames } from './frame.ts';
import { connectionErrorRule, streamErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.9', title: 'WINDOW_UPDATE' };

export default section(citation, [
  connectionErrorRule({
    slug: 'zero-increment-on-connection',
    title: 'A WINDOW_UPDATE of 0 on the connection is a connection error of type PROTOCOL_ERROR',
    sends: 'WINDOW_UPDATE with increment 0 on stream 0 (reserved bit generated)',
    input: fc.boolean(),
    maxRuns: 4,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, reservedBit) => {
      await client.send({ ...frames.windowUpdate(0, 0), payload: Buffer.from([reservedBit ? 0x80 : 0, 0, 0, 0]) });
    },
  }),
  streamErrorRule({
    slug: 'zero-increment-on-stream',
    title: 'A WINDOW_UPDATE of 0 on an open stream is a stream error of type PROTOCOL_ERROR',
    sends: 'a GET held back by a zero window, then WINDOW_UPDATE with increment 0 on its stream',
    input: fc.boolean(),
    maxRuns: 4,
    settings: [[Setting.INITIAL_WINDOW_SIZE, 0]],
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, huffman) => {
      const streamId = client.newStreamId();
      await client.send(frames.headers(streamId, client.encoder.encode(client.requestFields(), { huffman }), { endStream: true }), frames.windowUpdate(streamId, 0));
      return streamId;
    },
  }),
  connectionErrorRule({
    slug: 'window-update-wrong-length',
    title: 'A WINDOW_UPDATE whose length is not 4 is a connection error of type FRAME_SIZE_ERROR',
    sends: 'WINDOW_UPDATE of a generated length other than 4 on stream 0',
    input: wrongLength(4, 16),
    maxRuns: 12,
    codes: [ErrorCode.FRAME_SIZE_ERROR],
    provoke: async (client, length) => {
      await client.send({ type: FrameType.WINDOW_UPDATE, flags: 0, streamId: 0, payload: Buffer.alloc(length, 1) });
    },
  }),
]);
