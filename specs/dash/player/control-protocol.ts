import net from 'node:net';
import fc from 'fast-check';
import { expectThat, violation } from '../../../harness/core/expect.ts';
import { rule, section } from '../../../harness/core/rule.ts';
import { bufferModel, modelStalls, nearStalls } from './buffer-model.ts';
import { mediaRequests, parseAnswer, sessionRule } from './session.ts';

/**
 * rfcheck's player control protocol (fixtures/dash/player/README.md): a player is a client, so
 * the harness reaches it through a control port. §1: `PLAY <mpd-url> [<max-seconds>]` CRLF
 * starts a session. §2: when the last media segment has arrived the player answers `DONE
 * <stalls> <stall-ms>` CRLF and closes; the figures are the player's own count, which the
 * harness only holds against its buffer model. §3: a session that cannot play (the MPD is
 * unreachable, unparsable) ends with one `ERROR <text>` CRLF line, never silence.
 */

const done = { suite: 'dash-player', rfc: 'rfcheck player control', section: '2', title: 'The DONE answer', tag: 'control' };
const failure = { suite: 'dash-player', rfc: 'rfcheck player control', section: '3', title: 'The ERROR answer', tag: 'control' };

export const doneRules = section(done, [
  sessionRule({
    slug: 'done-after-last-segment',
    level: 'MUST',
    title: 'After its last media segment has arrived the player answers one `DONE <stalls> <stall-ms>` line ending in CRLF, then closes the control connection',
    sends: 'PLAY <mpd-url> <max-seconds>, then reads the answer',
    judge: (io, session) => {
      const { answer } = session;
      expectThat(answer.kind === 'DONE', `the player answered ${JSON.stringify(answer.text)}`, 'DONE <stalls> <stall-ms>', answer.text);
      expectThat(answer.terminator === 'CRLF', 'the DONE line ended in a bare LF', 'CRLF', 'LF');
      const media = mediaRequests(session);
      const lastArrival = Math.max(...media.map((r) => r.done ?? Number.POSITIVE_INFINITY));
      expectThat(session.answeredAt >= lastArrival, `DONE arrived at ${session.answeredAt.toFixed(0)} ms, before the last media segment finished arriving (${lastArrival.toFixed(0)} ms)`, 'DONE after the last segment', 'DONE before it');
      expectThat(session.closedAfterAnswer, 'the player kept the control connection open after DONE', 'close after DONE', 'still open');
    },
  }),
  sessionRule({
    slug: 'done-stalls-match-model',
    level: 'MUST',
    title: 'The stalls DONE reports are no more than the buffer model allows: each needs a segment that arrived within the tolerance of (or after) its playout deadline',
    sends: 'a three-phase bandwidth trace; the model is computed from the harness\'s completion times',
    judge: (io, session) => {
      const { scenario } = session;
      const { answer } = session;
      if (answer.kind !== 'DONE') io.notApplicable(`the player answered ${JSON.stringify(answer.text)}, not DONE`);
      const model = bufferModel(session);
      const possible = nearStalls(model, scenario.segmentMs).length;
      io.step(`buffer model: ${modelStalls(model, scenario.segmentMs).length} stall(s), ${possible} segment(s) at or past their deadline within tolerance`);
      expectThat((answer.stalls ?? 0) <= possible, `the player reported ${answer.stalls ?? 0} stall(s), but only ${possible} segment(s) arrived late enough to cause one`, `at most ${possible}`, String(answer.stalls));
    },
  }),
]);

/** A loopback port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const errorRules = section(failure, [
  rule({
    slug: 'error-on-unreachable-mpd',
    level: 'MUST',
    title: 'A PLAY whose MPD URL cannot be reached gets one `ERROR <text>` line, not silence or a dropped connection',
    sends: 'PLAY http://127.0.0.1:<closed port>/<path>.mpd',
    input: fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/),
    maxRuns: 2,
    check: async (io, name) => {
      const port = await closedPort();
      const control = await io.tcp();
      const line = `PLAY http://127.0.0.1:${port}/${name}.mpd 5`;
      io.step(line);
      await control.write(`${line}\r\n`);
      let answer;
      try {
        const reply = await control.readLine('the ERROR line', { timeoutMs: 8000, maxBytes: 4096 });
        answer = parseAnswer(reply.text, reply.terminator);
      } catch (error) {
        violation(`no answer line: ${error instanceof Error ? error.message : String(error)}`, 'ERROR <text>', 'nothing');
      }
      expectThat(answer.kind === 'ERROR', `the player answered ${JSON.stringify(answer.text)}`, 'ERROR <text>', answer.text);
    },
  }),
]);
