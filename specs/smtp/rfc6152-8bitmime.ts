import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { localRecipient } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 6152', section: '2', title: 'Framework for the 8-bit MIME Transport Extension' };

async function eightBitSession(io: RunIO): Promise<SmtpDialogue> {
  return (await SmtpDialogue.withExtension(io, '8BITMIME')).smtp;
}

/** Bytes with the high bit set, in lines that never contain CR or LF. */
const eightBitText = (): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ minLength: 1, maxLength: 80, min: 0x80, max: 0xff }).map((bytes) => Buffer.from(bytes));

export default section(citation, [
  rule({
    slug: 'body-parameter-accepted',
    level: 'MUST',
    title: 'A server advertising 8BITMIME accepts MAIL with BODY=8BITMIME and BODY=7BIT',
    sends: 'EHLO, then MAIL FROM:<…> with BODY=8BITMIME and BODY=7BIT in upper, lower and a generated mixed case, RSET after each',
    input: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    maxRuns: 4,
    check: async (io, mask) => {
      const smtp = await eightBitSession(io);
      const mixed = (word: string): string => [...word].map((c, i) => (mask[i] ? c.toLowerCase() : c)).join('');
      for (const value of ['8BITMIME', '7BIT', '8bitmime', '7bit', mixed('8BITMIME'), mixed('7BIT')]) {
        const reply = await smtp.send(`MAIL FROM:<sender@sender.rfcheck.test> BODY=${value}`);
        expectEqual(`MAIL with BODY=${value} (${replyText(reply)})`, reply.code, 250);
        await smtp.expect('RSET', [250]);
      }
    },
  }),
  rule({
    slug: 'eight-bit-message-accepted',
    level: 'MUST',
    title: 'After BODY=8BITMIME, a message with octets above 127 is accepted',
    sends: 'EHLO, MAIL … BODY=8BITMIME, RCPT, DATA, a MIME message with an 8bit body',
    input: (setup) => fc.record({ to: localRecipient(setup), text: eightBitText() }),
    maxRuns: 8,
    check: async (io, { to, text }) => {
      const smtp = await eightBitSession(io);
      await smtp.expect('MAIL FROM:<sender@sender.rfcheck.test> BODY=8BITMIME', [250]);
      await smtp.expect(`RCPT TO:<${to}>`, [250, 251]);
      const header = 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n';
      const reply = await smtp.sendMessage(Buffer.concat([Buffer.from(header), text, Buffer.from('\r\n')]));
      expectEqual(`the reply to the final "." (${replyText(reply)})`, reply.code, 250);
    },
  }),
]);
