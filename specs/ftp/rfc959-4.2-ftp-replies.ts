import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { FtpControl, type Reply, describeReply, isCompletion } from './control-connection.ts';

/**
 * RFC 959 §4.2: a reply is a three-digit code, a space (or a hyphen opening a multi-line reply)
 * and text, on a Telnet line ending in CRLF; a multi-line reply ends with a line that starts
 * with the same code and a space; every command draws a reply.
 */

const citation = { suite: 'ftp', rfc: 'RFC 959', section: '4.2', title: 'FTP replies' };

/** Commands that any logged-in session may send without changing anything. */
const harmlessCommands = ['NOOP', 'SYST', 'PWD', 'TYPE I', 'TYPE A', 'MODE S', 'STRU F', 'XYZZ'];

const expectCrlf = (reply: Reply, after: string): void =>
  expectThat(!reply.bareLineFeed, `the reply to ${after} ends a line with a bare LF, not CRLF`, 'CRLF line ends', describeReply(reply));

export default section(citation, [
  rule({
    slug: 'reply-lines-end-in-crlf',
    level: 'MUST',
    title: 'Every reply line, greeting included, is "xyz" plus space or hyphen and text, ended by CRLF',
    sends: 'log in, then 1–6 harmless commands (NOOP, SYST, PWD, TYPE, MODE, STRU, an unknown verb)',
    input: fc.array(fc.constantFrom(...harmlessCommands), { minLength: 1, maxLength: 6 }),
    maxRuns: 15,
    check: async (io, commands) => {
      const control = await FtpControl.loggedIn(io);
      expectCrlf(control.greeting, 'the connection (greeting)');
      for (const command of commands) expectCrlf(await control.command(command), command);
    },
  }),
  rule({
    slug: 'multiline-reply-framing',
    level: 'MUST',
    title: 'A multi-line reply opens with "xyz-" and closes with a line starting "xyz " of the same code',
    sends: 'log in, then HELP, FEAT or STAT, whose replies usually span lines',
    input: fc.constantFrom('HELP', 'FEAT', 'STAT'),
    maxRuns: 6,
    check: async (io, command) => {
      const control = await FtpControl.loggedIn(io);
      const reply = await control.command(command);
      const first = reply.lines[0] ?? '';
      const last = reply.lines[reply.lines.length - 1] ?? '';
      if (first.charAt(3) === '-') expectEqual(`code on the last line of the ${command} reply`, last.slice(0, 4), `${first.slice(0, 3)} `);
      // The reply must then be followed by nothing until the next command.
      expectEqual(`bytes after the ${command} reply`, (await control.connection.collectFor(20)).length, 0);
    },
  }),
  rule({
    slug: 'every-command-answered-in-order',
    level: 'MUST',
    title: 'Each command draws its own reply, in order, even when several arrive in one TCP segment',
    sends: 'log in, then NOOP, SYST and PWD written together in one write',
    input: fc.shuffledSubarray(['NOOP', 'SYST', 'PWD'], { minLength: 2 }),
    maxRuns: 8,
    check: async (io, commands) => {
      const control = await FtpControl.loggedIn(io);
      io.step(`${commands.join(', ')} in one write`);
      await control.connection.write(commands.map((c) => `${c}\r\n`).join(''));
      for (const command of commands) {
        const reply = await control.reply(`the reply to ${command}`);
        expectThat(isCompletion(reply), `the reply to ${command} (sent together with others) is not a success`, '2yz', describeReply(reply));
      }
    },
  }),
]);
