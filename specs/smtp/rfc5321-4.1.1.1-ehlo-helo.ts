import fc from 'fast-check';
import { expectMatch, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { SmtpDialogue, clientName, extensionsOf } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.1.1.1', title: 'Extended HELLO (EHLO) or HELLO (HELO)' };

/** A domain or an address literal at the start of a reply text (the ehlo-ok-rsp and Greeting grammar). */
export const namesServer = /^\d{3}[ -](?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[^\]\s]+\])(?: |$)/;

/** Commands outside the required set of §4.5.1 that a server may implement, and the EHLO keyword that announces each. */
const optionalCommands: Record<string, string> = { HELP: 'HELP', EXPN: 'EXPN', ETRN: 'ETRN', TURN: 'TURN', ATRN: 'ATRN', BDAT: 'CHUNKING' };

export default section(citation, [
  rule({
    slug: 'ehlo-250-names-server',
    level: 'MUST',
    title: 'EHLO with a domain is answered 250, the first line starting with the server\'s domain or address literal',
    sends: 'EHLO with a domain or an address literal',
    input: fc.constantFrom(clientName, '[127.0.0.1]', 'a.b.rfcheck.test'),
    maxRuns: 6,
    check: async (io, name) => {
      const smtp = await SmtpDialogue.open(io);
      const reply = await smtp.expect(`EHLO ${name}`, [250]);
      expectMatch('the first line of the EHLO reply', reply.lines[0]?.text ?? '', namesServer);
    },
  }),
  rule({
    slug: 'helo-250',
    level: 'MUST',
    title: 'HELO is supported and answered 250',
    sends: 'HELO with a domain, then MAIL to show the session is open',
    input: fc.constantFrom(clientName, '[127.0.0.1]'),
    maxRuns: 4,
    check: async (io, name) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.expect(`HELO ${name}`, [250]);
      await smtp.expect('MAIL FROM:<sender@sender.rfcheck.test>', [250]);
    },
  }),
  rule({
    slug: 'ehlo-keywords-well-formed',
    level: 'MUST',
    title: 'Each extension line of the EHLO reply is a keyword (a letter or digit, then letters, digits, hyphens) and space-separated parameters',
    sends: 'EHLO',
    input: fc.constant(clientName),
    maxRuns: 2,
    check: async (io, name) => {
      const smtp = await SmtpDialogue.open(io);
      const reply = await smtp.expect(`EHLO ${name}`, [250]);
      for (const line of reply.lines.slice(1)) expectMatch('an EHLO extension line (after its code)', line.text.slice(4), /^[A-Za-z0-9][A-Za-z0-9-]*(?: [\x21-\x7e]+)*$/);
    },
  }),
  rule({
    slug: 'implemented-commands-advertised',
    level: 'MUST',
    title: 'A command outside the required set that the server implements (HELP, EXPN, ETRN, BDAT, …) is announced by its keyword in the EHLO reply',
    sends: 'for each optional command in turn, a new session: EHLO, then the command; if not answered 500/502 it must have been advertised',
    input: fc.shuffledSubarray(Object.keys(optionalCommands), { minLength: Object.keys(optionalCommands).length }),
    maxRuns: 3,
    check: async (io, verbs) => {
      for (const verb of verbs) {
        // A session each: whatever one command started (a TURN, a BDAT chunk) cannot disturb the next.
        const smtp = await SmtpDialogue.open(io);
        const extensions = extensionsOf(await smtp.expect(`EHLO ${clientName}`, [250]));
        const reply = await smtp.send(verb === 'EXPN' ? 'EXPN postmaster' : verb === 'ETRN' ? 'ETRN rfcheck.test' : verb);
        // 500/502: command unsupported; a code outside 2yz–5yz says nothing either way (reply-code-first-digit judges it).
        if (reply.code === 500 || reply.code === 502 || reply.code < 200 || reply.code > 599) continue;
        const keyword = optionalCommands[verb] ?? verb;
        expectThat(extensions.has(keyword), `${verb} is implemented (answered ${reply.code}) but the EHLO reply does not list ${keyword}`, `${keyword} among ${[...extensions.keys()].join(' ')}`, 'absent');
        smtp.connection.close();
      }
    },
  }),
]);
