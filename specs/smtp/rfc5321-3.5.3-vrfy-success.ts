import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { unknownLocalMailbox } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '3.5.3', title: 'Meaning of VRFY or EXPN Success Response' };

export default section(citation, [
  rule({
    slug: 'vrfy-unknown-not-250',
    level: 'MUST',
    title: 'VRFY never answers 250 for a name it has not verified (an unknown local user)',
    sends: 'EHLO, VRFY no-such-user-…',
    input: unknownLocalMailbox,
    maxRuns: 8,
    check: async (io, mailbox) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      const reply = await smtp.send(`VRFY ${mailbox.split('@')[0] ?? mailbox}`);
      expectThat(reply.code !== 250, `VRFY of a user that does not exist got ${replyText(reply)}`, 'not 250 (550, 252, …)', String(reply.code));
    },
  }),
]);
