import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { validClientSettings } from './arbitraries.ts';
import { Flag, FrameType, Setting, describeFrame, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';
import { dataReceivedOn } from './flow-control.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.5.3', title: 'Settings Synchronization' };

export default section(citation, [
  rule({
    slug: 'settings-acknowledged',
    level: 'MUST',
    title: 'Every SETTINGS frame from the client is acknowledged with an empty SETTINGS ACK',
    sends: 'after the preface, a further SETTINGS with generated valid values',
    input: validClientSettings(),
    maxRuns: 20,
    check: async (io, settings) => {
      const client = await H2Client.start(io);
      // The preface's own ACK may still be on its way: count ACKs until the second one.
      await client.send(frames.settings(settings));
      let acks = client.received.filter((f) => f.type === FrameType.SETTINGS && (f.flags & Flag.ACK) !== 0).length;
      while (acks < 2) {
        const frame = await client.readFrame('the SETTINGS ACK');
        if (frame.type !== FrameType.SETTINGS || (frame.flags & Flag.ACK) === 0) continue;
        expectThat(frame.payload.length === 0, 'the SETTINGS ACK carries a payload', 'empty ACK', describeFrame(frame));
        acks += 1;
      }
    },
  }),
  rule({
    slug: 'settings-processed-in-order',
    level: 'MUST',
    title: 'Values in one SETTINGS frame are applied in order: a later INITIAL_WINDOW_SIZE overrides an earlier 0',
    sends: 'a preface SETTINGS with INITIAL_WINDOW_SIZE 0 then k (1–64), then a GET',
    input: fc.integer({ min: 1, max: 64 }),
    maxRuns: 12,
    check: async (io, window) => {
      const client = await H2Client.start(io, { settings: [[Setting.INITIAL_WINDOW_SIZE, 0], [Setting.INITIAL_WINDOW_SIZE, window]] });
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields());
      const received = await dataReceivedOn(client, streamId, 1);
      expectThat(received > 0, 'no DATA arrived: the earlier value 0 was applied last', `DATA within a window of ${window}`, 'no DATA');
    },
  }),
]);
