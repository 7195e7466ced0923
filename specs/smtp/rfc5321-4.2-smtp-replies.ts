import fc from 'fast-check';
import { expectEqual, expectMatch, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { localRecipient, unknownLocalMailbox } from './arbitraries.ts';
import { unknownVerb } from './arbitraries-invalid.ts';
import { namesServer } from './rfc5321-4.1.1.1-ehlo-helo.ts';
import { SmtpDialogue, clientName } from './smtp-dialogue.ts';

const citation = { suite: 'smtp', rfc: 'RFC 5321', section: '4.2', title: 'SMTP Replies' };

/** Commands whose replies the syntax rules look at: every state and both reply shapes. */
const probeCommands = (setup: Parameters<typeof localRecipient>[0]) =>
  fc.array(
    fc.oneof(
      fc.constantFrom(`EHLO ${clientName}`, `HELO ${clientName}`, 'MAIL FROM:<sender@sender.rfcheck.test>', 'RSET', 'NOOP', 'DATA', 'VRFY postmaster'),
      localRecipient(setup).map((m) => `RCPT TO:<${m}>`),
      unknownLocalMailbox(setup).map((m) => `RCPT TO:<${m}>`),
    ),
    { minLength: 1, maxLength: 8 },
  );

export default section(citation, [
  rule({
    slug: 'greeting-names-server',
    level: 'MUST',
    title: 'The greeting\'s first line names the server: a domain or address literal right after the code',
    sends: 'connect; read the greeting',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const smtp = await SmtpDialogue.open(io);
      expectMatch('the first greeting line', smtp.greeting.lines[0]?.text ?? '', namesServer);
    },
  }),
  rule({
    slug: 'reply-lines-well-formed',
    level: 'MUST',
    title: 'Every reply line is three digits, then a space (last line) or a hyphen (more to come), text, and CRLF',
    sends: 'the greeting, EHLO, then a generated sequence of commands; every reply line is checked',
    input: probeCommands,
    maxRuns: 20,
    check: async (io, commands) => {
      const smtp = await SmtpDialogue.open(io);
      const replies = [smtp.greeting, await smtp.send(`EHLO ${clientName}`)];
      for (const command of commands) {
        const reply = await smtp.send(command);
        if (reply.code === 354) {
          await smtp.connection.write('.\r\n');
          replies.push(await smtp.reply('the reply to "."'));
        }
        replies.push(reply);
      }
      for (const reply of replies) {
        reply.lines.forEach((line, i) => {
          expectEqual(`the terminator of reply line "${line.text.slice(0, 60)}"`, line.terminator, 'CRLF');
          expectMatch('a reply line', line.text, i === reply.lines.length - 1 ? /^\d{3}( [\x20-\x7e\t]*)?$/ : /^\d{3}-[\x20-\x7e\t]*$/);
        });
      }
    },
  }),
  rule({
    slug: 'multiline-same-code',
    level: 'MUST',
    title: 'All lines of a multiline reply carry the same code',
    sends: 'EHLO and HELP, whose replies are often multiline',
    input: fc.constantFrom(clientName, 'a.rfcheck.test'),
    maxRuns: 2,
    check: async (io, name) => {
      const smtp = await SmtpDialogue.open(io);
      for (const command of [`EHLO ${name}`, 'HELP']) {
        const reply = await smtp.send(command);
        for (const line of reply.lines) expectEqual(`the code of reply line "${line.text.slice(0, 60)}"`, line.text.slice(0, 3), String(reply.code));
      }
    },
  }),
  rule({
    slug: 'one-reply-per-command',
    level: 'MUST',
    title: 'Every command gets exactly one reply: n commands, n replies, nothing more',
    sends: 'EHLO, then NOOP, RSET, HELP and VRFY in a generated order and number, each awaited; then listens 40 ms',
    input: fc.array(fc.constantFrom('NOOP', 'RSET', 'HELP', 'VRFY postmaster'), { maxLength: 4 }).map((extra) => [...extra, 'NOOP', 'RSET', 'HELP', 'VRFY postmaster']),
    maxRuns: 15,
    check: async (io, commands) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      for (const command of commands) await smtp.send(command);
      const extra = await smtp.connection.collectFor(40);
      expectThat(extra.length === 0, 'the server sent more replies than commands', 'nothing after the last reply', JSON.stringify(extra.toString('latin1').slice(0, 80)));
    },
  }),
  rule({
    slug: 'reply-code-first-digit',
    level: 'MUST',
    title: 'Reply codes begin with 2, 3, 4 or 5, whatever the command — even one the server does not know',
    sends: 'EHLO, then one unknown verb',
    input: unknownVerb(),
    maxRuns: 10,
    check: async (io, verb) => {
      const smtp = await SmtpDialogue.open(io);
      await smtp.greet();
      const reply = await smtp.send(verb);
      expectMatch(`the code of the reply to ${verb}`, String(reply.code), /^[2-5]\d\d$/);
      expectMatch('the greeting code', String(smtp.greeting.code), /^[2-5]\d\d$/);
    },
  }),
]);
