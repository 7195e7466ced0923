import fc from 'fast-check';
import { rule, section } from '../../harness/core/rule.ts';
import { cutPositions, splitAt } from './arbitraries.ts';
import { ErrorCode, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';
import { connectionErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.10', title: 'CONTINUATION' };

export default section(citation, [
  rule({
    slug: 'field-block-across-continuations',
    level: 'MUST',
    title: 'A field block split over HEADERS and CONTINUATION frames is reassembled and the request answered',
    sends: 'a GET whose field block is cut at 1–4 generated points (empty fragments allowed)',
    input: fc.record({ cuts: cutPositions(), huffman: fc.boolean(), extra: fc.array(fc.tuple(fc.constant('x-filler'), fc.stringMatching(/^[a-z]{1,40}$/)), { maxLength: 3 }) }),
    maxRuns: 25,
    check: async (io, { cuts, huffman, extra }) => {
      const client = await H2Client.start(io);
      const streamId = client.newStreamId();
      const block = client.encoder.encode(client.requestFields('/', extra), { huffman });
      const parts = splitAt(block, cuts);
      await client.send(
        frames.headers(streamId, parts[0] ?? Buffer.alloc(0), { endStream: true, endHeaders: false }),
        ...parts.slice(1).map((part, i) => frames.continuation(streamId, part, i === parts.length - 2)),
      );
      await client.readResponse(streamId);
    },
  }),
  connectionErrorRule({
    slug: 'continuation-without-headers',
    title: 'A CONTINUATION that follows no open field block is a connection error of type PROTOCOL_ERROR',
    sends: 'a CONTINUATION carrying a whole GET field block on a new stream, or after a completed HEADERS',
    input: fc.record({ afterHeaders: fc.boolean(), endHeaders: fc.boolean() }),
    maxRuns: 8,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, { afterHeaders, endHeaders }) => {
      const streamId = client.newStreamId();
      const block = client.encoder.encode(client.requestFields());
      if (afterHeaders) await client.send(frames.headers(streamId, block, { endStream: true }), frames.continuation(streamId, Buffer.alloc(0), endHeaders));
      else await client.send(frames.continuation(streamId, block, endHeaders));
    },
  }),
]);
