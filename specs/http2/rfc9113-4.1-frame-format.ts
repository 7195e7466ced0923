import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { pingPayload, undefinedHeadersFlags, undefinedPingFlags } from './arbitraries.ts';
import { Flag, FrameType, describeFrame, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '4.1', title: 'Frame Format' };

export default section(citation, [
  rule({
    slug: 'undefined-flags-ignored',
    level: 'MUST',
    title: 'Flags a frame type does not define are ignored: PING is still answered, HEADERS still opens a request',
    sends: 'PING or HEADERS with generated undefined flag bits set',
    input: fc.record({ ping: fc.boolean(), pingFlags: undefinedPingFlags(), headersFlags: undefinedHeadersFlags(), payload: pingPayload() }),
    maxRuns: 30,
    check: async (io, { ping, pingFlags, headersFlags, payload }) => {
      const client = await H2Client.start(io);
      if (ping) {
        await client.send({ ...frames.ping(payload), flags: pingFlags });
        for (;;) {
          const frame = await client.readFrame('the PING ACK');
          expectThat(frame.type !== FrameType.GOAWAY, 'the server refused a PING with undefined flags', 'PING ACK', describeFrame(frame));
          // Whether the payload is echoed exactly is §6.7's rule; here an ACK is enough.
          if (frame.type === FrameType.PING) {
            expectThat((frame.flags & Flag.ACK) !== 0, 'the answer to the PING is not an ACK', 'PING ACK', describeFrame(frame));
            return;
          }
        }
      }
      const streamId = client.newStreamId();
      await client.send(frames.headers(streamId, client.encoder.encode(client.requestFields()), { endStream: true, extraFlags: headersFlags }));
      await client.readResponse(streamId);
    },
  }),
  rule({
    slug: 'reserved-bit-ignored',
    level: 'MUST',
    title: 'The reserved bit of the stream identifier is ignored on receipt',
    sends: 'a GET whose HEADERS frame has the reserved bit set',
    input: fc.boolean(),
    maxRuns: 4,
    check: async (io, huffman) => {
      const client = await H2Client.start(io);
      const streamId = client.newStreamId();
      await client.send({ ...frames.headers(streamId, client.encoder.encode(client.requestFields(), { huffman }), { endStream: true }), reserved: true });
      await client.readResponse(streamId);
    },
  }),
  rule({
    slug: 'reserved-bit-unset-when-sending',
    level: 'MUST',
    title: 'The server leaves the reserved bit unset in every frame it sends',
    sends: 'one to three GETs and a PING; inspects every frame received',
    input: fc.integer({ min: 1, max: 3 }),
    maxRuns: 10,
    check: async (io, requests) => {
      const client = await H2Client.start(io);
      for (let i = 0; i < requests; i++) await client.get('/');
      await client.expectAlive('after the responses');
      const marked = client.received.find((frame) => frame.reserved);
      expectEqual('frames sent with the reserved bit set', marked ? describeFrame(marked) : 'none', 'none');
    },
  }),
]);
