import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { dataReceivedOn } from './flow-control.ts';
import { ErrorCode, Setting, defaultWindow, frames, largestWindow } from './frame.ts';
import { H2Client } from './h2-client.ts';
import { connectionErrorRule, streamErrorRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.9.1', title: 'The Flow-Control Window' };

/** Two increments whose sum pushes a window of `start` past 2^31−1. */
const overflowingIncrements = (start: number): fc.Arbitrary<[number, number]> =>
  fc.integer({ min: 1, max: largestWindow - start }).chain((first) => fc.tuple(fc.constant(first), fc.integer({ min: largestWindow - start - first + 1, max: largestWindow })));

/**
 * Increments that overflow a stream window even after the server has spent up to 2^20 octets of
 * it between the two frames: the first nearly fills the window, the second adds at least 2^30.
 */
const streamOverflow = fc.tuple(fc.integer({ min: largestWindow - 2 ** 20, max: largestWindow }), fc.integer({ min: 2 ** 30, max: largestWindow }));

export default section(citation, [
  connectionErrorRule({
    slug: 'connection-window-overflow',
    title: 'WINDOW_UPDATEs that push the connection window past 2^31−1 are a connection error of type FLOW_CONTROL_ERROR',
    sends: 'two WINDOW_UPDATEs on stream 0 whose increments add up beyond the maximum window',
    input: overflowingIncrements(defaultWindow),
    maxRuns: 15,
    codes: [ErrorCode.FLOW_CONTROL_ERROR],
    provoke: async (client, [first, second]) => {
      await client.send(frames.windowUpdate(0, first), frames.windowUpdate(0, second));
    },
  }),
  streamErrorRule({
    slug: 'stream-window-overflow',
    title: 'WINDOW_UPDATEs that push a stream window past 2^31−1 are a stream error of type FLOW_CONTROL_ERROR',
    sends: 'a GET held back by a zero window, then two WINDOW_UPDATEs on it that add up far beyond the maximum',
    input: streamOverflow,
    maxRuns: 15,
    settings: [[Setting.INITIAL_WINDOW_SIZE, 0]],
    codes: [ErrorCode.FLOW_CONTROL_ERROR],
    provoke: async (client, [first, second]) => {
      const streamId = client.newStreamId();
      await client.send(
        frames.headers(streamId, client.encoder.encode(client.requestFields()), { endStream: true }),
        frames.windowUpdate(streamId, first),
        frames.windowUpdate(streamId, second),
      );
      return streamId;
    },
  }),
  rule({
    slug: 'stream-window-respected',
    level: 'MUST',
    title: 'The server never sends more DATA on a stream than its flow-control window allows',
    sends: 'a preface with INITIAL_WINDOW_SIZE k (1–256), a GET to learn the body size, then a GET left without WINDOW_UPDATE',
    input: fc.integer({ min: 1, max: 256 }),
    maxRuns: 15,
    check: async (io, window) => {
      const client = await H2Client.start(io, { settings: [[Setting.INITIAL_WINDOW_SIZE, window]] });
      const size = (await client.get('/')).body.length;
      if (size <= window) io.notApplicable(`the body of / (${size} octets) fits in the window`);
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields());
      const received = await dataReceivedOn(client, streamId, window);
      expectThat(received <= window, 'the server overran the stream window', `at most ${window} octets of DATA`, `${received} octets`);
    },
  }),
]);
