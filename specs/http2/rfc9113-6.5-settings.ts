import fc from 'fast-check';
import { section } from '../../harness/core/rule.ts';
import { validClientSettings, wrongLength } from './arbitraries.ts';
import { ErrorCode, Flag, FrameType, frames } from './frame.ts';
import { connectionErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.5', title: 'SETTINGS' };

export default section(citation, [
  connectionErrorRule({
    slug: 'settings-ack-with-payload',
    title: 'A SETTINGS frame with ACK and a non-empty payload is a connection error of type FRAME_SIZE_ERROR',
    sends: 'SETTINGS with the ACK flag and 1–30 payload octets',
    input: fc.integer({ min: 1, max: 30 }),
    maxRuns: 10,
    codes: [ErrorCode.FRAME_SIZE_ERROR],
    provoke: async (client, length) => {
      await client.send({ type: FrameType.SETTINGS, flags: Flag.ACK, streamId: 0, payload: Buffer.alloc(length) });
    },
  }),
  connectionErrorRule({
    slug: 'settings-on-a-stream',
    title: 'SETTINGS on a stream other than 0 is a connection error of type PROTOCOL_ERROR',
    sends: 'SETTINGS with generated valid values on a generated non-zero stream',
    input: fc.record({ streamId: fc.integer({ min: 1, max: 2 ** 31 - 1 }), settings: validClientSettings() }),
    maxRuns: 10,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, { streamId, settings }) => {
      await client.send({ ...frames.settings(settings), streamId });
    },
  }),
  connectionErrorRule({
    slug: 'settings-length-not-multiple-of-6',
    title: 'A SETTINGS frame whose length is not a multiple of 6 is a connection error of type FRAME_SIZE_ERROR',
    sends: 'SETTINGS of a generated length that is not a multiple of 6',
    input: wrongLength(0, 40).filter((n) => n % 6 !== 0),
    maxRuns: 12,
    codes: [ErrorCode.FRAME_SIZE_ERROR],
    provoke: async (client, length) => {
      await client.send({ type: FrameType.SETTINGS, flags: 0, streamId: 0, payload: Buffer.alloc(length) });
    },
  }),
]);
