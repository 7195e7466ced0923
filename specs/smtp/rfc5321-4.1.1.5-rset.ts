import fc from 'fast-check';
import { expectOneOf } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.1.1.5', title: 'RESET (RSET)' };

export default section(citation, [
  rule({
    slug: 'rset-discards-transaction',
    level: 'MUST',
    title: 'RSET is answered 250 and discards the sender and recipients: DATA and RCPT afterwards are out of sequence',
    sends: 'EHLO, MAIL, 1–3 RCPT, RSET, then RCPT and DATA',
    input: (setup) => fc.array(localRecipient(setup), { minLength: 1, maxLength: 3 }),
    maxRuns: 10,
    check: async (io, to) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction(to);
      await smtp.expect('RSET', [250]);
      await smtp.expect(`RCPT TO:<${to[0]}>`, [503], 'RCPT after RSET');
      const reply = await smtp.send('DATA');
      if (reply.code === 354) await smtp.connection.write('.\r\n');
      expectOneOf(`DATA after RSET (${replyText(reply)})`, reply.code, [503, 554]);
    },
  }),
  rule({
    slug: 'rset-keeps-connection',
    level: 'MUST',
    title: 'RSET never closes the connection, before EHLO or after, however often it is sent',
    sends: 'RSET, EHLO, 1–5 RSETs, then NOOP',
    input: fc.integer({ min: 1, max: 5 }),
    maxRuns: 6,
    check: async (io, times) => {
      const smtp = await SmtpDialogue.open(io);
      // Before EHLO a 503 is tolerated here (diagnostics-before-greeting judges it); a close is not.
      await smtp.expect('RSET', [250, 503]);
      await smtp.greet();
      for (let i = 0; i < times; i++) await smtp.expect('RSET', [250]);
      await smtp.expect('NOOP', [250]);
    },
  }),
]);
