import fc from 'fast-check';
import { expectEqual, expectThat, violation } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { errorCode } from './arbitraries.ts';
import { ErrorCode, FrameType, Setting, describeFrame, frames, goawayLastStreamId } from './frame.ts';
import { H2Client } from './h2-client.ts';

const connectionErrors = { suite: 'http2', rfc: 'RFC 9113', section: '5.4.1', title: 'Connection Error Handling' };
const streamErrors = { suite: 'http2', rfc: 'RFC 9113', section: '5.4.2', title: 'Stream Error Handling' };

/** Answers `requests` GETs, then sends DATA on stream 0: a connection error every server must detect. */
async function provokeAfterRequests(client: H2Client, requests: number): Promise<number> {
  let last = 0;
  for (let i = 0; i < requests; i++) {
    last = client.newStreamId();
    await client.request(last, client.requestFields());
    await client.readResponse(last);
  }
  await client.send(frames.data(0, Buffer.from('stream zero')));
  return last;
}

export const connectionErrorRules = section(connectionErrors, [
  rule({
    slug: 'goaway-names-last-processed-stream',
    level: 'SHOULD',
    title: 'On a connection error the server first sends GOAWAY naming the last stream it processed',
    sends: '0–3 answered GETs, then DATA on stream 0',
    input: fc.integer({ min: 0, max: 3 }),
    maxRuns: 8,
    check: async (io, requests) => {
      const client = await H2Client.start(io);
      const last = await provokeAfterRequests(client, requests);
      const outcome = await client.expectConnectionError([ErrorCode.PROTOCOL_ERROR], 'DATA on stream 0');
      if (outcome.kind !== 'goaway') violation('the server closed the connection without a GOAWAY', 'GOAWAY, then close', outcome.kind);
      expectEqual('GOAWAY last-stream-id', goawayLastStreamId(outcome.frame), last);
    },
  }),
  rule({
    slug: 'close-after-goaway',
    level: 'MUST',
    title: 'After sending GOAWAY for a connection error the server closes the TCP connection',
    sends: 'DATA on stream 0; waits for the close after the GOAWAY',
    input: fc.integer({ min: 0, max: 2 }),
    maxRuns: 6,
    check: async (io, requests) => {
      const client = await H2Client.start(io);
      await provokeAfterRequests(client, requests);
      await client.expectConnectionError([ErrorCode.PROTOCOL_ERROR], 'DATA on stream 0');
      const closed = await client.connection.waitForClose();
      expectThat(closed, 'the connection stayed open after the GOAWAY', 'connection closed', 'still open');
    },
  }),
]);

export const streamErrorRules = section(streamErrors, [
  rule({
    slug: 'no-rst-stream-in-reply-to-rst-stream',
    level: 'MUST',
    title: 'The server never answers a RST_STREAM with a RST_STREAM, and the connection goes on',
    sends: 'a GET whose response is held back by a zero window, then RST_STREAM with a generated error code, then PING',
    input: errorCode(),
    maxRuns: 15,
    check: async (io, code) => {
      // A complete request: a server may itself reset a stream whose request body it will not read.
      const client = await H2Client.start(io, { settings: [[Setting.INITIAL_WINDOW_SIZE, 0]] });
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields());
      await client.send(frames.rstStream(streamId, code));
      await client.expectAlive('after a RST_STREAM from the client');
      const reply = client.received.find((f) => f.type === FrameType.RST_STREAM && f.streamId === streamId);
      expectEqual('RST_STREAM sent back on the reset stream', reply ? describeFrame(reply) : 'none', 'none');
    },
  }),
]);
