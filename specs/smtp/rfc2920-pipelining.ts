import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient, simpleMessage, unknownLocalMailbox } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 2920', section: '3.2', title: 'Server support of pipelining' };

export default section(citation, [
  rule({
    slug: 'pipelined-replies-in-order',
    level: 'MUST',
    title: 'Commands sent in one batch each get their reply, in order, with no input lost (MAIL, RCPTs, DATA in one write)',
    sends: 'EHLO; then MAIL, 2–5 RCPT (known and unknown users, at least one of each) and DATA in one write; then the message',
    input: (setup) => fc.record({
      recipients: fc.array(fc.oneof(localRecipient(setup).map((m) => ({ m, known: true })), unknownLocalMailbox(setup).map((m) => ({ m, known: false }))), { minLength: 2, maxLength: 5 }),
      message: simpleMessage(),
    }).filter(({ recipients }) => recipients.some((r) => r.known) && recipients.some((r) => !r.known)),
    maxRuns: 15,
    check: async (io, { recipients, message }) => {
      const { smtp } = await SmtpDialogue.withExtension(io, 'PIPELINING');
      const batch = ['MAIL FROM:<sender@sender.rfcheck.test>', ...recipients.map((r) => `RCPT TO:<${r.m}>`), 'DATA'];
      io.step(`C (one write): ${batch.join(' | ')}`);
      await smtp.connection.write(batch.map((c) => `${c}\r\n`).join(''));
      const expected = [250, ...recipients.map((r) => (r.known ? 250 : 550)), 354];
      for (const [i, command] of batch.entries()) {
        const reply = await smtp.reply(`the reply to pipelined ${command}`);
        const code = reply.code === 251 ? 250 : reply.code >= 550 && reply.code <= 553 ? 550 : reply.code;
        expectEqual(`reply ${i + 1} of the batch, to ${command} (${replyText(reply)})`, code, expected[i]);
      }
      await smtp.connection.write(`${message}.\r\n`);
      const final = await smtp.reply('the reply to the final "."');
      expectEqual(`the reply to the final "." (${replyText(final)})`, final.code, 250);
    },
  }),
]);
