import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ErrorCode, Setting, defaultMaxFrameSize, describeFrame, frames, largestMaxFrameSize } from './frame.ts';
import { H2Client } from './h2-client.ts';
import { connectionErrorRule, streamErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '4.2', title: 'Frame Size' };

/** How far past the server's SETTINGS_MAX_FRAME_SIZE the frame goes. */
const excess = fc.integer({ min: 1, max: 4096 });

/** The server's announced maximum frame size; a server that allows 2^24−1 cannot be sent more. */
function serverMaxFrameSize(client: H2Client): number {
  const max = client.serverSetting(Setting.MAX_FRAME_SIZE, defaultMaxFrameSize);
  if (max >= largestMaxFrameSize) client.io.notApplicable(`the server accepts frames up to ${max} octets, the largest a frame header can state`);
  return max;
}

export default section(citation, [
  connectionErrorRule({
    slug: 'oversized-headers-is-connection-error',
    title: 'A HEADERS frame longer than the SETTINGS_MAX_FRAME_SIZE the server announced is a connection error of type FRAME_SIZE_ERROR',
    sends: "a GET whose HEADERS frame runs 1–4096 octets past the server's SETTINGS_MAX_FRAME_SIZE (a long field value)",
    input: excess,
    maxRuns: 10,
    codes: [ErrorCode.FRAME_SIZE_ERROR],
    provoke: async (client, over) => {
      const length = serverMaxFrameSize(client) + over;
      const streamId = client.newStreamId();
      const base = client.encoder.encode(client.requestFields());
      const filler = client.encoder.encode([['x-filler', 'a'.repeat(length - base.length - 12)]]);
      const block = Buffer.concat([base, filler]);
      await client.send(frames.headers(streamId, block, { endStream: true }));
    },
  }),
  streamErrorRule({
    slug: 'oversized-data-is-frame-size-error',
    title: 'A DATA frame longer than SETTINGS_MAX_FRAME_SIZE is answered with FRAME_SIZE_ERROR',
    sends: "a POST, then a DATA frame 1–4096 octets longer than the server's SETTINGS_MAX_FRAME_SIZE",
    input: excess,
    maxRuns: 10,
    codes: [ErrorCode.FRAME_SIZE_ERROR],
    provoke: async (client, over) => {
      const length = serverMaxFrameSize(client) + over;
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields('/', [], 'POST'), false);
      await client.send(frames.data(streamId, Buffer.alloc(length, 0x61)));
      return streamId;
    },
  }),
  rule({
    slug: 'sent-frames-within-max-frame-size',
    level: 'MUST',
    title: 'No frame the server sends exceeds the SETTINGS_MAX_FRAME_SIZE the client announced (16384 by default)',
    sends: 'one to three GETs; measures every frame received',
    input: fc.integer({ min: 1, max: 3 }),
    maxRuns: 10,
    check: async (io, requests) => {
      const client = await H2Client.start(io);
      for (let i = 0; i < requests; i++) await client.get('/');
      const largest = client.received.reduce((a, b) => (b.payload.length > a.payload.length ? b : a));
      expectThat(largest.payload.length <= defaultMaxFrameSize, 'a frame exceeds the maximum frame size', `at most ${defaultMaxFrameSize} octets`, describeFrame(largest));
    },
  }),
]);
