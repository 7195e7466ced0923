import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient } from './arbitraries.ts';
import { mailDomain } from './mail-fixture.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.5.3.1', title: 'Size Limits and Minimums' };

/** Printable text without a leading dot, of exactly `length` octets. */
const paddedText = (length: number, seed: number): string => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 ';
  return Array.from({ length }, (_, i) => alphabet[(seed + i * 7) % alphabet.length]).join('').replace(/^ /, 'x').replace(/ $/, 'y');
};

export default section(citation, [
  rule({
    slug: 'command-line-512-octets',
    level: 'MUST',
    title: 'A command line of 512 octets (CRLF included, the minimum every server must take) is not refused as too long',
    sends: 'EHLO, then NOOP with an argument that makes the line 300–512 octets',
    input: fc.record({ length: fc.integer({ min: 300, max: 512 }), seed: fc.nat(1000) }),
    maxRuns: 10,
    check: async (io, { length, seed }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      const line = `NOOP ${paddedText(length - 7, seed)}`;
      const reply = await smtp.send(line, `the reply to a ${length}-octet NOOP line`);
      expectThat(reply.code !== 500, `a ${length}-octet command line got ${replyText(reply)}`, 'not 500 (line too long)', String(reply.code));
      await smtp.expect('NOOP', [250]);
    },
  }),
  rule({
    slug: 'path-of-256-octets',
    level: 'MUST',
    title: 'A forward-path of 256 octets (brackets included; local part of 64) is not refused as too long or malformed',
    sends: 'EHLO, MAIL, RCPT TO:<64-octet local part @ labels.local domain>, 256 octets in all',
    input: fc.nat(1000),
    maxRuns: 4,
    check: async (io, seed) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction([]);
      const domain = mailDomain(io.options);
      const local = `p${paddedText(63, seed).replaceAll(' ', 'x')}`;
      // Labels of up to 63 octets in front of the local domain, so that <local@labels.domain> is 256 octets.
      let room = 256 - 2 - local.length - 1 - domain.length;
      const labels: string[] = [];
      while (room > 1) {
        const size = Math.min(63, room - 1);
        labels.push(paddedText(size, seed + labels.length).replaceAll(' ', 'd'));
        room -= size + 1;
      }
      const path = `<${local}@${[...labels, domain].join('.')}>`;
      const reply = await smtp.send(`RCPT TO:${path}`, `the reply to a RCPT with a ${path.length}-octet path`);
      expectThat(reply.code !== 500 && reply.code !== 501, `a ${path.length}-octet path got ${replyText(reply)}`, 'not 500/501 (an unknown user may get 550)', String(reply.code));
    },
  }),
  rule({
    slug: 'text-line-1000-octets',
    level: 'MUST',
    title: 'A message whose text lines are up to 1000 octets (CRLF included) is accepted',
    sends: 'a message with one body line of 600–998 octets plus CRLF',
    input: (setup) => fc.record({ to: localRecipient(setup), length: fc.integer({ min: 600, max: 998 }), seed: fc.nat(1000) }),
    maxRuns: 8,
    check: async (io, { to, length, seed }) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction([to]);
      const reply = await smtp.sendMessage(Buffer.from(`Subject: long line\r\n\r\n${paddedText(length, seed)}\r\n`, 'latin1'));
      expectEqual(`the reply to a message with a ${length + 2}-octet line (${replyText(reply)})`, reply.code, 250);
    },
  }),
]);
