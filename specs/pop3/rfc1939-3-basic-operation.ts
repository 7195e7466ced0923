import fc from 'fast-check';
import { expectEqual, expectThat, violation } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { mixedCase, notAMessageNumber, numberedCommand, printableArgument, transactionCommand, unknownKeyword } from './arbitraries.ts';
import { credentials } from './credentials.ts';
import { fixtureMessages } from './fixture-mailbox.ts';
import { nonEmptyListing, numberOfMessageId, stat } from './maildrop-listing.ts';
import { Pop3Client } from './pop3-client.ts';

/**
 * RFC 1939 §3: commands are a case-insensitive keyword and arguments ending in CRLF; replies
 * are a status line in upper case (+OK / -ERR) ending in CRLF; a multi-line reply ends with a
 * lone "." and byte-stuffs every line that starts with "."; unrecognised, malformed and
 * out-of-state commands get -ERR.
 */

const citation = { suite: 'pop3', rfc: 'RFC 1939', section: '3', title: 'Basic Operation' };

export default section(citation, [
  rule({
    slug: 'status-indicator-upper-case',
    level: 'MUST',
    title: 'Every reply to a command starts with "+OK" or "-ERR" exactly, in upper case',
    sends: 'a login, then a mix of valid and unknown commands (at most five: servers may drop clients that keep sending bad ones)',
    input: fc.array(fc.oneof(fc.constantFrom('STAT', 'NOOP', 'LIST 1', 'UIDL 1', 'RSET'), unknownKeyword()), { minLength: 1, maxLength: 5 }),
    check: async (io, commands) => {
      const client = await Pop3Client.loggedIn(io);
      for (const command of commands) await client.command(command);
      // The greeting is any positive line (rule 4/greeting-is-positive); every reply after it counts here.
      for (const line of client.statusLines.slice(1)) {
        expectThat(/^(\+OK|-ERR)( |$)/.test(line.text), 'a status indicator is not +OK or -ERR in upper case', '+OK … or -ERR …', JSON.stringify(line.text));
      }
      client.close();
    },
  }),
  rule({
    slug: 'replies-end-with-crlf',
    level: 'MUST',
    title: 'Status lines and the lines of LIST and UIDL listings end with CRLF',
    sends: 'a login, STAT, LIST, UIDL, NOOP and an unknown command',
    input: unknownKeyword(),
    maxRuns: 10,
    check: async (io, unknown) => {
      const client = await Pop3Client.loggedIn(io);
      await client.command('STAT');
      const list = await client.multiline('LIST');
      const uidl = await client.multiline('UIDL');
      await client.command('NOOP');
      await client.command(unknown);
      const bare = [...client.statusLines, ...list.rawLines, ...uidl.rawLines].find((line) => line.terminator !== 'CRLF');
      if (bare) violation('a reply line ended with a bare LF', 'CRLF', `${JSON.stringify(bare.text)} + LF`);
      await client.quit();
    },
  }),
  rule({
    slug: 'unknown-command-refused',
    level: 'MUST',
    title: 'An unrecognised command gets -ERR, before and after login',
    sends: 'an unknown 3–4 letter keyword with or without an argument, in AUTHORIZATION or TRANSACTION',
    input: fc.record({ keyword: unknownKeyword(), argument: fc.option(printableArgument(), { nil: undefined }), loggedIn: fc.boolean() }),
    check: async (io, { keyword, argument, loggedIn }) => {
      const client = loggedIn ? await Pop3Client.loggedIn(io) : await Pop3Client.connect(io);
      const reply = await client.command(argument === undefined ? keyword : `${keyword} ${argument}`);
      expectThat(!reply.ok, `the unknown command ${keyword} got a positive reply`, '-ERR', reply.line.text);
      await client.quit();
    },
  }),
  rule({
    slug: 'transaction-command-before-login-refused',
    level: 'MUST',
    title: 'A TRANSACTION-state command sent before login gets -ERR (no access to the maildrop before login)',
    sends: 'STAT, LIST, RETR, DELE, NOOP, RSET, TOP or UIDL right after the greeting, or after USER alone',
    input: fc.record({ command: transactionCommand(), afterUser: fc.boolean() }),
    check: async (io, { command, afterUser }) => {
      const client = await Pop3Client.connect(io);
      if (afterUser) await client.command(`USER ${credentials(io.options).user}`);
      const reply = await client.send(command);
      expectThat(!reply.ok, `${command} before login got a positive reply`, '-ERR', reply.line.text);
      await client.quit();
    },
  }),
  rule({
    slug: 'authorization-command-after-login-refused',
    level: 'MUST',
    title: 'USER, PASS or APOP sent in the TRANSACTION state gets -ERR',
    sends: 'a login, then USER, PASS or APOP again',
    input: fc.constantFrom('USER bob', 'PASS secret', 'APOP bob c4c9334bac560ecc979e58001b3e22fb'),
    maxRuns: 10,
    check: async (io, command) => {
      const client = await Pop3Client.loggedIn(io);
      const reply = await client.command(command);
      expectThat(!reply.ok, `${command.split(' ')[0]} in the TRANSACTION state got a positive reply`, '-ERR', reply.line.text);
      await stat(client);
      await client.quit();
    },
  }),
  rule({
    slug: 'keywords-case-insensitive',
    level: 'MUST',
    title: 'Keywords are recognised in any mix of upper and lower case',
    sends: 'USER/PASS and STAT, LIST, NOOP in random case',
    input: fc.record({ user: mixedCase('USER'), pass: mixedCase('PASS'), stat: mixedCase('STAT'), list: mixedCase('LIST'), noop: mixedCase('NOOP') }),
    check: async (io, words) => {
      const { user, pass } = credentials(io.options);
      const client = await Pop3Client.connect(io);
      const toUser = await client.command(`${words.user} ${user}`);
      expectThat(toUser.ok, `${words.user} was not recognised`, '+OK', toUser.line.text);
      const toPass = await client.command(`${words.pass} ${pass}`);
      if (!toPass.ok && /\[IN-USE\]/i.test(toPass.text)) io.notApplicable('the maildrop was still locked by the previous session');
      expectThat(toPass.ok, `${words.pass} was not recognised`, '+OK', toPass.line.text);
      for (const keyword of [words.stat, words.noop]) {
        const reply = await client.command(keyword);
        expectThat(reply.ok, `${keyword} was not recognised`, '+OK', reply.line.text);
      }
      const list = await client.multiline(words.list);
      expectThat(list.ok, `${words.list} was not recognised`, '+OK', list.line.text);
      await client.quit();
    },
  }),
  rule({
    slug: 'byte-stuffed-lines',
    level: 'MUST',
    title: 'In a multi-line reply, every line that starts with "." is sent with one more "." in front',
    sends: 'RETR of the fixture message whose body has lines starting with "."',
    input: (setup) => {
      const withDots = fixtureMessages(setup.options).filter((m) => /\r\n\./.test(m.octets.toString('latin1')));
      return withDots.length > 0 ? fc.constantFrom(...withDots) : fc.constant(undefined);
    },
    maxRuns: 5,
    check: async (io, fixture) => {
      if (!fixture) return io.notApplicable('no fixture message with lines starting with "." (the suite logs in as another user)');
      const client = await Pop3Client.loggedIn(io);
      const full = await client.multiline(`RETR ${await numberOfMessageId(client, fixture.messageId)}`);
      const sent = fixture.octets.toString('latin1').replace(/\r\n$/, '').split('\r\n');
      const received = full.rawLines.map((l) => l.text);
      expectEqual('number of lines of the message', received.length, sent.length);
      sent.forEach((line, i) => {
        if (line.startsWith('.')) expectEqual(`line ${i + 1} as sent on the wire`, received[i], `.${line}`);
      });
      await client.quit();
    },
  }),
  rule({
    slug: 'malformed-argument-refused',
    level: 'MUST',
    title: 'A command whose message-number argument is missing or not a positive decimal number gets -ERR',
    sends: 'a login, then RETR, DELE, LIST, TOP or UIDL with a malformed or missing number',
    input: fc.oneof(notAMessageNumber().chain(numberedCommand), fc.constantFrom('RETR', 'DELE', 'TOP', 'TOP 1', 'TOP 1 x', 'TOP 1 -1')),
    check: async (io, command) => {
      const client = await Pop3Client.loggedIn(io);
      await nonEmptyListing(client);
      const before = await stat(client);
      const reply = await client.send(command);
      expectThat(!reply.ok, `"${command}" got a positive reply`, '-ERR', reply.line.text);
      const after = await stat(client);
      expectEqual('messages left after the refused command', after.count, before.count);
      client.close();
    },
  }),
]);
