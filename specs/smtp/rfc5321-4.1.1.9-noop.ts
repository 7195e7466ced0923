import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient, simpleMessage, textLine } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.1.1.9', title: 'NOOP (NOOP)' };

export default section(citation, [
  rule({
    slug: 'noop-ignores-argument',
    level: 'SHOULD',
    title: 'NOOP with an argument string is answered 250 like a bare NOOP',
    sends: 'EHLO, NOOP <printable text>',
    input: textLine(60).filter((t) => t.trim() !== ''),
    maxRuns: 10,
    check: async (io, text) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      const reply = await smtp.send(`NOOP ${text.trim()}`);
      expectEqual(`the reply to NOOP with an argument (${replyText(reply)})`, reply.code, 250);
    },
  }),
  rule({
    slug: 'noop-keeps-transaction',
    level: 'MUST',
    title: 'NOOP in the middle of a transaction changes nothing: the transaction goes on to a 250',
    sends: 'EHLO, NOOP, MAIL, NOOP, RCPT, NOOP, DATA, message',
    input: (setup) => fc.record({ to: localRecipient(setup), message: simpleMessage() }),
    maxRuns: 8,
    check: async (io, { to, message }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      await smtp.expect('NOOP', [250]);
      await smtp.expect('MAIL FROM:<sender@sender.rfcheck.test>', [250]);
      await smtp.expect('NOOP', [250]);
      await smtp.expect(`RCPT TO:<${to}>`, [250, 251]);
      await smtp.expect('NOOP', [250]);
      const reply = await smtp.sendMessage(Buffer.from(message, 'latin1'));
      expectEqual(`the reply to the final "." (${replyText(reply)})`, reply.code, 250);
    },
  }),
]);
