import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localMailboxes } from './mail-fixture.ts';
import { localRecipient } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.5.3.1.8', title: 'Recipients Buffer' };

export default section(citation, [
  rule({
    slug: 'hundred-recipients-accepted',
    level: 'MUST',
    title: 'A transaction with 100 recipients is accepted: every RCPT gets 250, and the message is taken',
    sends: 'EHLO, MAIL, 100 RCPTs cycling through the fixture mailboxes, DATA, a short message',
    input: localRecipient,
    maxRuns: 2,
    check: async (io, first) => {
      const mailboxes = [first, ...localMailboxes(io.options).filter((m) => m !== first)];
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction([]);
      for (let i = 0; i < 100; i++) {
        const to = mailboxes[i % mailboxes.length] ?? first;
        const reply = await smtp.send(`RCPT TO:<${to}>`, `the reply to RCPT number ${i + 1}`);
        expectEqual(`the reply to RCPT number ${i + 1} (${replyText(reply)})`, reply.code === 251 ? 250 : reply.code, 250);
      }
      const reply = await smtp.sendMessage(Buffer.from('Subject: many recipients\r\n\r\nhello\r\n', 'latin1'));
      expectEqual(`the reply to the final "." (${replyText(reply)})`, reply.code, 250);
    },
  }),
]);
