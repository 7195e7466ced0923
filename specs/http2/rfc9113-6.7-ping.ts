import fc from 'fast-check';
import { expectBytesEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { pingPayload, wrongLength } from './arbitraries.ts';
import { ErrorCode, Flag, FrameType, describeFrame, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';
import { connectionErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.7', title: 'PING' };

export default section(citation, [
  rule({
    slug: 'ping-answered-with-same-payload',
    level: 'MUST',
    title: 'A PING is answered by a PING with ACK and the identical 8-octet payload',
    sends: 'PING with a generated payload',
    input: pingPayload(),
    maxRuns: 30,
    check: async (io, payload) => {
      const client = await H2Client.start(io);
      await client.send(frames.ping(payload));
      for (;;) {
        const frame = await client.readFrame('the PING ACK');
        if (frame.type !== FrameType.PING) {
          expectThat(frame.type !== FrameType.GOAWAY, 'the server refused a PING', 'PING ACK', describeFrame(frame));
          continue;
        }
        expectThat((frame.flags & Flag.ACK) !== 0, 'the answer to PING lacks the ACK flag', 'PING with ACK', describeFrame(frame));
        expectBytesEqual('PING ACK payload', frame.payload, payload);
        return;
      }
    },
  }),
  rule({
    slug: 'ping-ack-not-answered',
    level: 'MUST',
    title: 'A PING that carries ACK is not answered',
    sends: 'PING with ACK and a generated payload, then a plain PING',
    input: pingPayload(),
    maxRuns: 15,
    check: async (io, ack) => {
      const client = await H2Client.start(io);
      await client.send(frames.ping(ack, true));
      const probe = await client.sendProbe();
      for (;;) {
        const frame = await client.readFrame('the PING ACK of the second PING');
        if (frame.type !== FrameType.PING) continue;
        expectThat(!frame.payload.equals(Buffer.from(ack)), 'the server answered a PING ACK', 'no reply to a PING ACK', describeFrame(frame));
        if (frame.payload.equals(probe)) return;
      }
    },
  }),
  connectionErrorRule({
    slug: 'ping-on-a-stream',
    title: 'PING on a stream other than 0 is a connection error of type PROTOCOL_ERROR',
    sends: 'PING on a generated non-zero stream',
    input: fc.record({ streamId: fc.integer({ min: 1, max: 2 ** 31 - 1 }), payload: pingPayload() }),
    maxRuns: 10,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, { streamId, payload }) => {
      await client.send({ ...frames.ping(payload), streamId });
    },
  }),
  connectionErrorRule({
    slug: 'ping-wrong-length',
    title: 'A PING whose length is not 8 is a connection error of type FRAME_SIZE_ERROR',
    sends: 'PING of a generated length other than 8',
    input: wrongLength(8, 32),
    maxRuns: 12,
    codes: [ErrorCode.FRAME_SIZE_ERROR],
    provoke: async (client, length) => {
      await client.send(frames.ping(Buffer.alloc(length)));
    },
  }),
]);
