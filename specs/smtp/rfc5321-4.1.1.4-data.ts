import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient, simpleMessage, textLine } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.1.1.4', title: 'DATA (DATA)' };

export default section(citation, [
  rule({
    slug: 'message-accepted-250',
    level: 'MUST',
    title: 'DATA to an accepted recipient gets 354, and the message (empty or not) gets one 250 after the final dot',
    sends: 'EHLO, MAIL, RCPT to a fixture user, DATA, a message of 0–8 body lines, "."; then the same with an empty message',
    input: (setup) => fc.record({ to: localRecipient(setup), message: simpleMessage() }),
    maxRuns: 15,
    check: async (io, { to, message }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      for (const content of [message, '']) {
        await smtp.expect('MAIL FROM:<sender@sender.rfcheck.test>', [250]);
        await smtp.expect(`RCPT TO:<${to}>`, [250, 251]);
        const reply = await smtp.sendMessage(Buffer.from(content, 'latin1'));
        expectEqual(`the reply to the final "." after ${content.length} octets (${replyText(reply)})`, reply.code, 250);
      }
    },
  }),
  rule({
    slug: 'bare-lf-dot-not-end-of-data',
    level: 'MUST',
    title: 'A bare LF "." bare LF inside the message does not end it: nothing is answered until CRLF "." CRLF',
    sends: 'DATA, text, then LF "." LF and more text; waits; then CRLF "." CRLF',
    input: (setup) => fc.record({ to: localRecipient(setup), before: textLine(30), after: textLine(30) }),
    maxRuns: 6,
    check: async (io, { to, before, after }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction([to]);
      await smtp.expect('DATA', [354]);
      io.step(`C: "Subject: x" CRLF CRLF "${before}" LF "." LF "${after}" CRLF (then wait 40 ms)`);
      await smtp.connection.write(`Subject: x\r\n\r\n${before}\n.\n${after}\r\n`);
      const early = await smtp.connection.collectFor(40);
      expectThat(early.length === 0, 'the server answered before the message ended: it took LF "." LF for the end of data', 'no reply until CRLF "." CRLF', JSON.stringify(early.toString('latin1').slice(0, 80)));
      await smtp.connection.write('.\r\n');
      await smtp.reply('the reply to the final "."');
    },
  }),
]);
