import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { unknownSettingId } from './arbitraries.ts';
import { ErrorCode, Setting, defaultMaxFrameSize, frames, largestMaxFrameSize, largestWindow } from './frame.ts';
import { H2Client } from './h2-client.ts';
import { connectionErrorRule, stillWorkingRule } from './rule-shapes.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '6.5.2', title: 'Defined Settings' };

export default section(citation, [
  connectionErrorRule({
    slug: 'enable-push-not-0-or-1',
    title: 'SETTINGS_ENABLE_PUSH other than 0 or 1 is a connection error of type PROTOCOL_ERROR',
    sends: 'SETTINGS with ENABLE_PUSH set to a generated value ≥ 2',
    input: fc.integer({ min: 2, max: 2 ** 32 - 1 }),
    maxRuns: 10,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, value) => {
      await client.send(frames.settings([[Setting.ENABLE_PUSH, value]]));
    },
  }),
  connectionErrorRule({
    slug: 'initial-window-size-too-large',
    title: 'SETTINGS_INITIAL_WINDOW_SIZE above 2^31−1 is a connection error of type FLOW_CONTROL_ERROR',
    sends: 'SETTINGS with INITIAL_WINDOW_SIZE set to a generated value from 2^31 to 2^32−1',
    input: fc.integer({ min: largestWindow + 1, max: 2 ** 32 - 1 }),
    maxRuns: 10,
    codes: [ErrorCode.FLOW_CONTROL_ERROR],
    provoke: async (client, value) => {
      await client.send(frames.settings([[Setting.INITIAL_WINDOW_SIZE, value]]));
    },
  }),
  connectionErrorRule({
    slug: 'max-frame-size-out-of-range',
    title: 'SETTINGS_MAX_FRAME_SIZE below 16384 or above 2^24−1 is a connection error of type PROTOCOL_ERROR',
    sends: 'SETTINGS with MAX_FRAME_SIZE set to a generated value outside 16384…16777215',
    input: fc.oneof(fc.integer({ min: 0, max: defaultMaxFrameSize - 1 }), fc.integer({ min: largestMaxFrameSize + 1, max: 2 ** 32 - 1 })),
    maxRuns: 12,
    codes: [ErrorCode.PROTOCOL_ERROR],
    provoke: async (client, value) => {
      await client.send(frames.settings([[Setting.MAX_FRAME_SIZE, value]]));
    },
  }),
  stillWorkingRule({
    slug: 'unknown-setting-ignored',
    title: 'Settings with unknown identifiers are ignored',
    sends: 'SETTINGS with 1–4 generated unknown identifiers and values, then PING',
    input: fc.array(fc.tuple(unknownSettingId(), fc.integer({ min: 0, max: 2 ** 32 - 1 })), { minLength: 1, maxLength: 4 }),
    maxRuns: 20,
    provoke: async (client, entries) => {
      await client.send(frames.settings(entries));
    },
  }),
  stillWorkingRule({
    slug: 'extreme-valid-settings-accepted',
    title: 'The largest valid INITIAL_WINDOW_SIZE (2^31−1) and the smallest and largest MAX_FRAME_SIZE are accepted',
    sends: 'SETTINGS with INITIAL_WINDOW_SIZE 2^31−1 and/or MAX_FRAME_SIZE 16384 or 2^24−1, in a generated mix, then PING',
    input: fc.subarray(
      [
        [Setting.INITIAL_WINDOW_SIZE, largestWindow],
        [Setting.MAX_FRAME_SIZE, defaultMaxFrameSize],
        [Setting.MAX_FRAME_SIZE, largestMaxFrameSize],
      ] as [number, number][],
      { minLength: 1 },
    ),
    maxRuns: 7,
    provoke: async (client, entries) => {
      await client.send(frames.settings(entries));
    },
  }),
  rule({
    slug: 'server-settings-in-range',
    level: 'MUST',
    title: "The server's own SETTINGS hold valid values, and it never announces ENABLE_PUSH = 1",
    sends: 'the client preface; reads the server preface and any later SETTINGS',
    input: fc.constant(null),
    maxRuns: 1,
    check: async (io) => {
      const client = await H2Client.start(io);
      await client.expectAlive('after the preface');
      for (const [id, value] of client.serverSettings) {
        const where = `setting 0x${id.toString(16)} = ${value}`;
        if (id === Setting.ENABLE_PUSH) expectThat(value === 0, `a server announced ${where}`, 'ENABLE_PUSH absent or 0', where);
        if (id === Setting.INITIAL_WINDOW_SIZE) expectThat(value <= largestWindow, `invalid ${where}`, `at most ${largestWindow}`, where);
        if (id === Setting.MAX_FRAME_SIZE) expectThat(value >= defaultMaxFrameSize && value <= largestMaxFrameSize, `invalid ${where}`, '16384…16777215', where);
      }
    },
  }),
]);
