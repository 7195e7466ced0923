import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { foreignMailbox } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '3.6.2', title: 'Mail eXchange Records and Relaying' };

export default section(citation, [
  rule({
    slug: 'relay-refused-550',
    level: 'SHOULD',
    title: 'A recipient outside the local domain is refused for policy with 550: the server is no open relay',
    sends: 'EHLO, MAIL, RCPT TO:<…@….relay-test.invalid>',
    input: foreignMailbox(),
    maxRuns: 10,
    check: async (io, mailbox) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction([]);
      const reply = await smtp.send(`RCPT TO:<${mailbox}>`);
      expectThat(reply.code === 550, `a foreign recipient got ${replyText(reply)}`, '550 (relaying denied)', String(reply.code));
    },
  }),
]);
