import fc from 'fast-check';
import { expectEqual, expectMatch, expectOneOf } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { localRecipient } from './arbitraries.ts';
import { SmtpDialogue, clientName, replyText } from './smtp-dialogue.ts';

/** EHLO and the SIZE keyword's parameter (the limit), or a skip when the server does not offer SIZE. */
async function sizeSession(io: RunIO): Promise<{ smtp: SmtpDialogue; limit: string }> {
  const { smtp, parameter } = await SmtpDialogue.withExtension(io, 'SIZE');
  return { smtp, limit: parameter };
}

const keyword = section({ suite: 'smtp', rfc: 'RFC 1870', section: '4', title: 'The SIZE service extension' }, [
  rule({
    slug: 'size-keyword-parameter',
    level: 'MUST',
    title: 'The SIZE keyword of the EHLO reply carries no parameter or a decimal number of octets',
    sends: 'EHLO',
    input: fc.constant(clientName),
    maxRuns: 2,
    check: async (io) => {
      const { limit } = await sizeSession(io);
      expectMatch('the parameter of SIZE', limit, /^(\d{1,20})?$/);
    },
  }),
]);

const mailParameter = section({ suite: 'smtp', rfc: 'RFC 1870', section: '6.1', title: 'Server action on receipt of an extended MAIL command' }, [
  rule({
    slug: 'declared-size-over-limit-552',
    level: 'MUST',
    title: 'MAIL with a SIZE above the advertised fixed maximum is refused with 552',
    sends: 'EHLO, MAIL FROM:<…> SIZE=(advertised maximum + 1…+10^6)',
    input: fc.integer({ min: 1, max: 1_000_000 }),
    maxRuns: 6,
    check: async (io, excess) => {
      const { smtp, limit } = await sizeSession(io);
      if (!/^\d+$/.test(limit) || Number(limit) === 0) io.notApplicable('the server advertises no fixed maximum (size-keyword-parameter judges its form)');
      const reply = await smtp.send(`MAIL FROM:<sender@sender.rfcheck.test> SIZE=${Number(limit) + excess}`);
      expectEqual(`MAIL declaring ${Number(limit) + excess} octets against a maximum of ${limit} (${replyText(reply)})`, reply.code, 552);
    },
  }),
  rule({
    slug: 'declared-size-within-limit-accepted',
    level: 'MUST',
    title: 'MAIL with a SIZE within the maximum is accepted, and the message of that size goes through',
    sends: 'EHLO, MAIL … SIZE=n (small), RCPT, DATA, a message of n octets',
    input: (setup) => fc.record({ to: localRecipient(setup), body: fc.integer({ min: 0, max: 2000 }) }),
    maxRuns: 6,
    check: async (io, { to, body }) => {
      const { smtp } = await sizeSession(io);
      const line = `${'s'.repeat(75)}\r\n`;
      const message = `Subject: size\r\n\r\n${line.repeat(Math.floor(body / 77))}${'s'.repeat(body % 77)}\r\n`;
      await smtp.expect(`MAIL FROM:<sender@sender.rfcheck.test> SIZE=${message.length}`, [250]);
      await smtp.expect(`RCPT TO:<${to}>`, [250, 251]);
      const reply = await smtp.sendMessage(Buffer.from(message, 'latin1'));
      expectOneOf(`the reply to the final "." (${replyText(reply)})`, reply.code, [250]);
    },
  }),
]);

export default [...keyword, ...mailParameter];
