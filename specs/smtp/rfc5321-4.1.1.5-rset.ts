import fc from 'fast-check';
import { expectOneOf, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient } from './arbitraries.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.1.1.5', title: 'RESET (RSET)' };

export default section(citation, [
  rule({
    slug: 'rset-discards-transaction',
    level: 'MUST',
    title: 'RSET is answered 250 and discards the sender and recipients: DATA and RCPT afterwards are out of sequence',
    sends: 'EHLO, MAIL, 1–3 RCPT, RSET, then DATA or RCPT',
    input: (setup) => fc.record({ to: fc.array(localRecipient(setup), { minLength: 1, maxLength: 3 }), probe: fc.constantFrom('DATA', 'RCPT') }),
    maxRuns: 10,
    check: async (io, { to, probe }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction(to);
      await smtp.expect('RSET', [250]);
      const reply = await smtp.send(probe === 'DATA' ? 'DATA' : `RCPT TO:<${to[0]}>`);
      if (reply.code === 354) await smtp.connection.write('.\r\n');
      expectOneOf(`${probe} after RSET (${replyText(reply)})`, reply.code, probe === 'DATA' ? [503, 554] : [503]);
    },
  }),
  rule({
    slug: 'rset-keeps-connection',
    level: 'MUST',
    title: 'RSET never closes the connection, however often it is sent',
    sends: 'EHLO, 1–5 RSETs, then NOOP',
    input: fc.integer({ min: 1, max: 5 }),
    maxRuns: 6,
    check: async (io, times) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      for (let i = 0; i < times; i++) await smtp.expect('RSET', [250]);
      expectThat(!(await smtp.connection.waitForClose(100)), 'the server closed the connection after RSET', 'open', 'closed');
      await smtp.expect('NOOP', [250]);
    },
  }),
]);
