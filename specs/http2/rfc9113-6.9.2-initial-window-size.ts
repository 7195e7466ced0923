import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { dataReceivedOn } from './flow-control.ts';
import { Flag, FrameType, Setting, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.9.2', title: 'Initial Flow-Control Window Size' };

/** Waits for the ACK of the SETTINGS just sent, so the server has applied it. */
const countAcks = (client: H2Client): number => client.received.filter((f) => f.type === FrameType.SETTINGS && (f.flags & Flag.ACK) !== 0).length;

async function awaitSettingsAck(client: H2Client, before: number): Promise<void> {
  while (countAcks(client) <= before) await client.serviceFrame(await client.readFrame('the SETTINGS ACK'));
}

export default section(citation, [
  rule({
    slug: 'window-change-applies-to-open-streams',
    level: 'MUST',
    title: 'Raising SETTINGS_INITIAL_WINDOW_SIZE enlarges the windows of streams already open',
    sends: 'a preface with INITIAL_WINDOW_SIZE 0, a GET, then SETTINGS raising it to k (1–200)',
    input: fc.integer({ min: 1, max: 200 }),
    maxRuns: 12,
    check: async (io, window) => {
      const client = await H2Client.start(io, { settings: [[Setting.INITIAL_WINDOW_SIZE, 0]] });
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields());
      await client.send(frames.settings([[Setting.INITIAL_WINDOW_SIZE, window]]));
      const received = await dataReceivedOn(client, streamId, 1);
      expectThat(received > 0 && received <= window, 'the open stream did not get the new window', `1–${window} octets of DATA`, `${received} octets`);
    },
  }),
  rule({
    slug: 'negative-window-tracked',
    level: 'MUST',
    title: 'A lowered SETTINGS_INITIAL_WINDOW_SIZE can make a window negative; the server then waits for it to become positive',
    sends: 'INITIAL_WINDOW_SIZE a, a GET that uses it, SETTINGS lowering it to b < a, then WINDOW_UPDATE of (a − b) + m',
    input: fc.record({ a: fc.integer({ min: 2, max: 30 }), m: fc.integer({ min: 1, max: 20 }) }).chain(({ a, m }) => fc.record({ a: fc.constant(a), b: fc.integer({ min: 0, max: a - 1 }), m: fc.constant(m) })),
    maxRuns: 15,
    check: async (io, { a, b, m }) => {
      const client = await H2Client.start(io, { settings: [[Setting.INITIAL_WINDOW_SIZE, a]] });
      const size = (await client.get('/')).body.length;
      if (size <= a + m) io.notApplicable(`the body of / (${size} octets) is too short`);
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields());
      const first = await dataReceivedOn(client, streamId, a);
      expectEqual('DATA octets within the first window', first, a);
      const acks = countAcks(client);
      await client.send(frames.settings([[Setting.INITIAL_WINDOW_SIZE, b]]));
      await awaitSettingsAck(client, acks);
      await client.send(frames.windowUpdate(streamId, a - b + m));
      const more = await dataReceivedOn(client, streamId, m);
      expectEqual(`DATA octets after the window went to ${b - a} and then up by ${a - b + m}`, more, m);
    },
  }),
]);
