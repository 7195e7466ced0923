import fc from 'fast-check';
import { section } from '../../harness/core/rule.ts';
import { unknownFrameType } from './arbitraries.ts';
import { ErrorCode } from './frame.ts';
import { connectionErrorRule, stillWorkingRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '5.5', title: 'Extending HTTP/2' };

const unknownFrame = fc.record({
  type: unknownFrameType(),
  flags: fc.integer({ min: 0, max: 255 }),
  streamId: fc.integer({ min: 0, max: 99 }),
  payload: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
});

export default section(citation, [
  stillWorkingRule({
    slug: 'unknown-frame-type-ignored',
    title: 'Frames of unknown type are ignored and discarded, whatever their flags, stream and payload',
    sends: '1–3 frames of generated unknown types, then PING',
    input: fc.array(unknownFrame, { minLength: 1, maxLength: 3 }),
    maxRuns: 30,
    provoke: async (client, unknown) => {
      await client.send(...unknown);
    },
  }),
  connectionErrorRule({
    slug: 'unknown-frame-inside-field-block',
    title: 'A frame of unknown type between HEADERS and CONTINUATION is a connection error of type PROTOCOL_ERROR',
    sends: 'HEADERS without END_HEADERS, a frame of generated unknown type, then the CONTINUATION',
    input: fc.record({ frame: unknownFrame, cut: fc.nat() }),
    maxRuns: 15,
    codes: [ErrorCode.PROTOCOL_ERROR],
    probe: false,
    provoke: async (client, { frame, cut }) => {
      const { headers, continuation } = client.splitRequest(cut);
      await client.send(headers, frame, continuation);
    },
  }),
]);
