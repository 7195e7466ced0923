import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient, unknownLocalMailbox } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '3.3', title: 'Mail Transactions' };

export default section(citation, [
  rule({
    slug: 'rcpt-before-mail-503',
    level: 'MUST',
    title: 'RCPT without an open transaction (no MAIL yet) is refused with 503',
    sends: 'EHLO, then RCPT TO a local mailbox without MAIL (optionally after a finished RSET)',
    input: (setup) => fc.record({ to: localRecipient(setup), resetFirst: fc.boolean() }),
    maxRuns: 10,
    check: async (io, { to, resetFirst }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      if (resetFirst) await smtp.expect('RSET', [250]);
      await smtp.expect(`RCPT TO:<${to}>`, [503]);
    },
  }),
  rule({
    slug: 'unknown-local-user-refused',
    level: 'SHOULD',
    title: 'A recipient at the local domain that does not exist is refused (550), not accepted and bounced later',
    sends: 'EHLO, MAIL, RCPT TO:<no-such-user-…@local domain>',
    input: unknownLocalMailbox,
    maxRuns: 10,
    check: async (io, mailbox) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction([]);
      const reply = await smtp.send(`RCPT TO:<${mailbox}>`);
      expectThat(reply.code === 550, `an unknown local recipient got ${replyText(reply)}`, '550', String(reply.code));
    },
  }),
]);
