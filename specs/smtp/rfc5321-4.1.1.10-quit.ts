import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.1.1.10', title: 'QUIT (QUIT)' };

/** QUIT from each state: just connected, greeted, mid-transaction. */
const quitState = (setup: Parameters<typeof localRecipient>[0]) =>
  fc.record({ state: fc.constantFrom('connected', 'greeted', 'transaction'), to: localRecipient(setup) });

async function reachState(smtp: SmtpDialogue, state: string, to: string): Promise<void> {
  if (state === 'greeted') await smtp.greet();
  if (state === 'transaction') await smtp.openTransaction([to]);
}

export default section(citation, [
  rule({
    slug: 'quit-answered-221',
    level: 'MUST',
    title: 'QUIT is answered 221, from any state of the session',
    sends: 'QUIT right after the greeting, after EHLO, or inside a transaction',
    input: quitState,
    maxRuns: 9,
    check: async (io, { state, to }) => {
      const smtp = await SmtpDialogue.open(io);
      await reachState(smtp, state, to);
      const reply = await smtp.send('QUIT');
      expectEqual(`the reply to QUIT (${replyText(reply)})`, reply.code, 221);
    },
  }),
  rule({
    slug: 'quit-then-close',
    level: 'MUST',
    title: 'After its 221 to QUIT the server closes the connection',
    sends: 'QUIT, then waits for the close',
    input: quitState,
    maxRuns: 6,
    check: async (io, { state, to }) => {
      const smtp = await SmtpDialogue.open(io);
      await reachState(smtp, state, to);
      // The reply is not awaited: whether it is 221 is quit-answered-221's concern, not this rule's.
      await smtp.write('QUIT');
      expectThat(await smtp.connection.waitForClose(), 'the server kept the connection open after its reply to QUIT', 'connection closed', 'still open');
    },
  }),
]);
