import fc from 'fast-check';
import { section } from '../../harness/core/rule.ts';
import { pingPayload } from './arbitraries.ts';
import { ErrorCode, type Frame, frames } from './frame.ts';
import { connectionErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '4.3', title: 'Field Section Compression and Decompression' };

/** Frames that may not appear inside a field block, generated. */
const intruder = (streamId: number, kind: string, payload: Uint8Array): Frame => {
  switch (kind) {
    case 'PING':
      return frames.ping(payload);
    case 'PRIORITY':
      return frames.priority(streamId + 2, { exclusive: false, dependency: 0, weight: 16 });
    case 'WINDOW_UPDATE':
      return frames.windowUpdate(0, 1 + (payload[0] ?? 0));
    case 'SETTINGS':
      return frames.settings([]);
    default:
      return frames.data(streamId, payload);
  }
};

export default section(citation, [
  connectionErrorRule({
    slug: 'field-block-frames-contiguous',
    title: 'A frame of another type between HEADERS and its CONTINUATION is a connection error of type PROTOCOL_ERROR',
    sends: 'HEADERS without END_HEADERS, then PING, PRIORITY, WINDOW_UPDATE, SETTINGS or DATA, then the CONTINUATION',
    input: fc.record({ kind: fc.constantFrom('PING', 'PRIORITY', 'WINDOW_UPDATE', 'SETTINGS', 'DATA'), payload: pingPayload(), cut: fc.nat() }),
    maxRuns: 15,
    codes: [ErrorCode.PROTOCOL_ERROR],
    probe: false,
    provoke: async (client, { kind, payload, cut }) => {
      const { streamId, headers, continuation } = client.splitRequest(cut);
      await client.send(headers, intruder(streamId, kind, payload), continuation);
    },
  }),
  connectionErrorRule({
    slug: 'continuation-on-another-stream',
    title: 'A CONTINUATION on a stream other than the open field block is a connection error of type PROTOCOL_ERROR',
    sends: 'HEADERS without END_HEADERS on one stream, then CONTINUATION on another (or stream 0)',
    input: fc.record({ other: fc.integer({ min: 0, max: 20 }), cut: fc.nat() }),
    maxRuns: 15,
    codes: [ErrorCode.PROTOCOL_ERROR],
    probe: false,
    provoke: async (client, { other, cut }) => {
      const { streamId, headers, continuation } = client.splitRequest(cut);
      await client.send(headers, { ...continuation, streamId: other === streamId ? streamId + 2 : other });
    },
  }),
]);
