import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { mailDomain } from './mail-fixture.ts';
import { SmtpDialogue, replyText } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.5.1', title: 'Minimum Implementation' };

/** "postmaster" in a generated mix of cases: the name is case-insensitive. */
const postmasterSpelling = (): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }).map((mask) => [...'postmaster'].map((c, i) => (mask[i] ? c.toUpperCase() : c)).join(''));

/** The commands every server must support, with well-formed arguments (MAIL/RCPT/DATA are exercised elsewhere). */
const requiredCommands = ['NOOP', 'RSET', 'VRFY postmaster', 'HELO client.rfcheck.test', 'EHLO client.rfcheck.test'];

export default section(citation, [
  rule({
    slug: 'postmaster-without-domain',
    level: 'MUST',
    title: 'RCPT TO:<Postmaster> with no domain, in any case, is accepted',
    sends: 'EHLO, MAIL, RCPT TO:<PoStMaStEr>',
    input: postmasterSpelling(),
    maxRuns: 8,
    check: async (io, name) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction([]);
      const reply = await smtp.send(`RCPT TO:<${name}>`);
      expectThat(reply.code === 250 || reply.code === 251, `RCPT TO:<${name}> got ${replyText(reply)}`, '250 or 251', String(reply.code));
    },
  }),
  rule({
    slug: 'postmaster-at-local-domain',
    level: 'MUST',
    title: 'RCPT TO:<postmaster@local domain>, in any case, is accepted',
    sends: 'EHLO, MAIL, RCPT TO:<postmaster@D>',
    input: postmasterSpelling(),
    maxRuns: 8,
    check: async (io, name) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.openTransaction([]);
      const mailbox = `${name}@${mailDomain(io.options)}`;
      const reply = await smtp.send(`RCPT TO:<${mailbox}>`);
      expectThat(reply.code === 250 || reply.code === 251, `RCPT TO:<${mailbox}> got ${replyText(reply)}`, '250 or 251', String(reply.code));
    },
  }),
  rule({
    slug: 'required-commands-recognized',
    level: 'MUST',
    title: 'The required commands (EHLO, HELO, NOOP, RSET, VRFY, …) are never answered 500 or 502',
    sends: 'EHLO, then each required command in a generated order',
    input: fc.shuffledSubarray(requiredCommands, { minLength: requiredCommands.length }),
    maxRuns: 3,
    check: async (io, commands) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      for (const command of commands) {
        const reply = await smtp.send(command);
        expectThat(reply.code !== 500 && reply.code !== 502, `${command} got ${replyText(reply)}`, 'not 500 or 502', String(reply.code));
      }
    },
  }),
]);
