import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectMatch, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fixtureMessages } from './fixture-mailbox.ts';
import { maildropCommands } from './maildrop-model.ts';
import { listAll, nonEmptyListing, numberOfMessageId, retr, stat } from './maildrop-listing.ts';
import { Pop3Client } from './pop3-client.ts';
import { credentials } from './credentials.ts';
import { deliverOverSmtp, expectDeliveredIntact } from './smtp-delivery.ts';
import { message } from '../imap/arbitraries.ts';

/**
 * RFC 1939 §5: STAT's drop listing and LIST's scan listings have a fixed format, count exact
 * octets and leave out messages marked deleted; DELE marks, RSET unmarks, NOOP answers +OK;
 * a number that names no message, or a marked one, gets -ERR; numbers never change within
 * a session.
 */

const citation = { suite: 'pop3', rfc: 'RFC 1939', section: '5', title: 'The TRANSACTION State' };

/** One message picked from the listing by a generated index. */
const pickOf = <T>(list: T[], pick: number): T => list[pick % list.length] as T;

export default section(citation, [
  rule({
    slug: 'stat-drop-listing-format',
    level: 'MUST',
    title: 'STAT answers "+OK", one space, the message count, one space, the size in octets',
    sends: 'a login, then STAT',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await Pop3Client.loggedIn(io);
      const reply = await client.command('STAT');
      expectMatch('the drop listing', reply.line.text, /^\+OK [0-9]+ [0-9]+(?: .*)?$/i);
      await client.quit();
    },
  }),
  rule({
    slug: 'list-scan-listing-format',
    level: 'MUST',
    title: 'Each scan listing is the message number, one space, the size in octets',
    sends: 'a login, then LIST and LIST n',
    input: fc.nat(),
    maxRuns: 5,
    check: async (io, pick) => {
      const client = await Pop3Client.loggedIn(io);
      const reply = await client.multiline('LIST');
      for (const line of reply.lines) expectMatch('a scan listing of LIST', line, /^[0-9]+ [0-9]+(?: .*)?$/);
      const listing = await nonEmptyListing(client);
      const one = await client.command(`LIST ${pickOf(listing, pick).number}`);
      expectMatch('the scan listing of LIST n', one.line.text, /^\+OK [0-9]+ [0-9]+(?: .*)?$/i);
      await client.quit();
    },
  }),
  rule({
    slug: 'stat-agrees-with-list',
    level: 'MUST',
    title: "STAT's count and size equal the number of LIST's scan listings and the sum of their sizes",
    sends: 'a login, STAT, LIST',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await Pop3Client.loggedIn(io);
      const drop = await stat(client);
      const listing = await listAll(client);
      expectEqual('STAT count vs LIST', drop.count, listing.length);
      expectEqual('STAT octets vs the sum of LIST sizes', drop.size, listing.reduce((sum, l) => sum + l.size, 0));
      await client.quit();
    },
  }),
  rule({
    slug: 'list-one-agrees-with-list-all',
    level: 'MUST',
    title: "LIST n gives the same scan listing as LIST's line for message n",
    sends: 'a login, LIST, then LIST n',
    input: fc.nat(),
    maxRuns: 10,
    check: async (io, pick) => {
      const client = await Pop3Client.loggedIn(io);
      const chosen = pickOf(await nonEmptyListing(client), pick);
      const reply = await client.command(`LIST ${chosen.number}`);
      expectThat(reply.ok, `LIST ${chosen.number} was refused`, '+OK n size', reply.line.text);
      expectMatch(`LIST ${chosen.number}`, reply.text, new RegExp(`^\\s*${chosen.number}\\s+${chosen.size}(\\s|$)`));
      await client.quit();
    },
  }),
  rule({
    slug: 'list-size-is-exact',
    level: 'MUST',
    title: 'The size LIST gives is the exact number of octets RETR sends (CRLF line ends, before byte-stuffing)',
    sends: 'a login, LIST, then RETR n',
    input: fc.nat(),
    maxRuns: 10,
    check: async (io, pick) => {
      const client = await Pop3Client.loggedIn(io);
      const chosen = pickOf(await nonEmptyListing(client), pick);
      expectEqual(`octets of message ${chosen.number} by RETR vs LIST`, (await retr(client, chosen.number)).length, chosen.size);
      await client.quit();
    },
  }),
  rule({
    slug: 'no-such-message-refused',
    level: 'MUST',
    title: 'A number beyond the last message gets -ERR from LIST, RETR, DELE, TOP and UIDL',
    sends: 'a login, STAT, then a command naming message count+k',
    input: fc.record({ beyond: fc.integer({ min: 1, max: 1000 }), command: fc.constantFrom('LIST', 'RETR', 'DELE', 'TOP', 'UIDL') }),
    check: async (io, { beyond, command }) => {
      const client = await Pop3Client.loggedIn(io);
      const number = (await stat(client)).count + beyond;
      const reply = await client.send(command === 'TOP' ? `TOP ${number} 0` : `${command} ${number}`);
      expectThat(!reply.ok, `${command} ${number} of a message that does not exist got a positive reply`, '-ERR', reply.line.text);
      client.close();
    },
  }),
  rule({
    slug: 'stat-excludes-deleted',
    level: 'MUST',
    title: 'After DELE, STAT counts neither the marked message nor its octets',
    sends: 'a login, LIST, DELE n, STAT; the connection is then dropped',
    input: fc.nat(),
    maxRuns: 10,
    check: async (io, pick) => {
      const client = await Pop3Client.loggedIn(io);
      const listing = await nonEmptyListing(client);
      const before = await stat(client);
      const chosen = pickOf(listing, pick);
      await client.command(`DELE ${chosen.number}`);
      const after = await stat(client);
      expectEqual('STAT count after DELE', after.count, before.count - 1);
      expectEqual('STAT octets after DELE', after.size, before.size - chosen.size);
      client.close();
    },
  }),
  rule({
    slug: 'list-omits-deleted',
    level: 'MUST',
    title: 'After DELE, LIST no longer lists the marked message',
    sends: 'a login, LIST, DELE n, LIST; the connection is then dropped',
    input: fc.nat(),
    maxRuns: 10,
    check: async (io, pick) => {
      const client = await Pop3Client.loggedIn(io);
      const chosen = pickOf(await nonEmptyListing(client), pick);
      await client.command(`DELE ${chosen.number}`);
      const listed = (await listAll(client)).map((l) => l.number);
      expectThat(!listed.includes(chosen.number), `LIST still lists message ${chosen.number} after DELE`, `no line for ${chosen.number}`, listed.join(' '));
      client.close();
    },
  }),
  rule({
    slug: 'deleted-message-refused',
    level: 'MUST',
    title: 'A message marked deleted gets -ERR from RETR, LIST n, TOP, UIDL n and a second DELE',
    sends: 'a login, DELE n, then RETR, LIST, TOP, UIDL or DELE of n; the connection is then dropped',
    input: fc.record({ pick: fc.nat(), command: fc.constantFrom('RETR', 'LIST', 'TOP', 'UIDL', 'DELE') }),
    check: async (io, { pick, command }) => {
      const client = await Pop3Client.loggedIn(io);
      const chosen = pickOf(await nonEmptyListing(client), pick);
      const marked = await client.command(`DELE ${chosen.number}`);
      expectThat(marked.ok, `DELE ${chosen.number} was refused`, '+OK', marked.line.text);
      const reply = await client.send(command === 'TOP' ? `TOP ${chosen.number} 0` : `${command} ${chosen.number}`);
      expectThat(!reply.ok, `${command} of message ${chosen.number}, marked deleted, got a positive reply`, '-ERR', reply.line.text);
      client.close();
    },
  }),
  rule({
    slug: 'rset-unmarks-all',
    level: 'MUST',
    title: 'RSET unmarks every message marked deleted: STAT and LIST are as at login',
    sends: 'a login, STAT, DELE of some messages, RSET, STAT, LIST; the connection is then dropped',
    input: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
    maxRuns: 10,
    check: async (io, picks) => {
      const client = await Pop3Client.loggedIn(io);
      const listing = await nonEmptyListing(client);
      const before = await stat(client);
      for (const pick of picks) await client.command(`DELE ${pickOf(listing, pick).number}`);
      const reply = await client.command('RSET');
      expectThat(reply.ok, 'RSET was refused', '+OK', reply.line.text);
      const after = await stat(client);
      expectEqual('STAT count after RSET', after.count, before.count);
      expectEqual('STAT octets after RSET', after.size, before.size);
      expectEqual('LIST after RSET', (await listAll(client)).length, listing.length);
      client.close();
    },
  }),
  rule({
    slug: 'noop-answers-ok',
    level: 'MUST',
    title: 'NOOP in the TRANSACTION state gets +OK and changes nothing',
    sends: 'a login, STAT, NOOP, STAT',
    input: fc.integer({ min: 1, max: 3 }),
    maxRuns: 3,
    check: async (io, times) => {
      const client = await Pop3Client.loggedIn(io);
      const before = await stat(client);
      for (let i = 0; i < times; i++) {
        const reply = await client.command('NOOP');
        expectThat(reply.ok, 'NOOP was refused', '+OK', reply.line.text);
      }
      expectEqual('STAT count after NOOP', (await stat(client)).count, before.count);
      await client.quit();
    },
  }),
  rule({
    slug: 'numbers-stable-after-dele',
    level: 'MUST',
    title: 'DELE does not renumber: every other message keeps its number and size',
    sends: 'a login, LIST, DELE n, then LIST m for every other m; the connection is then dropped',
    input: fc.nat(),
    maxRuns: 10,
    check: async (io, pick) => {
      const client = await Pop3Client.loggedIn(io);
      const listing = await nonEmptyListing(client, 2);
      const chosen = pickOf(listing, pick);
      await client.command(`DELE ${chosen.number}`);
      for (const other of listing.filter((l) => l.number !== chosen.number)) {
        const reply = await client.command(`LIST ${other.number}`);
        expectThat(reply.ok, `LIST ${other.number} was refused after DELE ${chosen.number}`, `+OK ${other.number} ${other.size}`, reply.line.text);
        expectMatch(`LIST ${other.number} after DELE ${chosen.number}`, reply.text, new RegExp(`^\\s*${other.number}\\s+${other.size}(\\s|$)`));
      }
      client.close();
    },
  }),
  rule({
    slug: 'retr-sends-whole-message',
    level: 'MUST',
    title: 'RETR sends each fixture message whole and unaltered',
    sends: 'a login, then TOP n 0 to find each fixture message by Message-ID and RETR n',
    input: (setup) => {
      const fixtures = fixtureMessages(setup.options);
      return fixtures.length > 0 ? fc.constantFrom(...fixtures) : fc.constant(undefined);
    },
    maxRuns: 8,
    check: async (io, fixture) => {
      if (!fixture) return io.notApplicable('the suite logs in as another user than the fixture user, whose mailbox it knows');
      const client = await Pop3Client.loggedIn(io);
      const number = await numberOfMessageId(client, fixture.messageId);
      expectBytesEqual(`RETR of ${fixture.messageId}`, await retr(client, number), fixture.octets);
      await client.quit();
    },
  }),
  rule({
    slug: 'maildrop-model',
    level: 'MUST',
    title: 'Any sequence of STAT, LIST, RETR, DELE and RSET answers as the marks-and-sizes model says',
    sends: 'a login, LIST, then a generated sequence of commands; the connection is then dropped',
    input: maildropCommands(12),
    maxRuns: 25,
    check: async (io, commands) => {
      await fc.asyncModelRun(async () => {
        const client = await Pop3Client.loggedIn(io);
        const sizes = (await listAll(client)).map((l) => l.size);
        return { model: { sizes, deleted: new Set<number>() }, real: client };
      }, commands);
    },
  }),
  rule({
    slug: 'smtp-delivered-message-retrieved',
    level: 'MUST',
    title: 'A message accepted over SMTP for the user comes back from RETR octet for octet (after the trace fields SMTP prepends)',
    sends: 'SMTP delivery of a generated message (lines starting with ".", a trailing space), then a login, TOP n 0 to find it, RETR n, DELE n, QUIT',
    input: message(),
    maxRuns: 5,
    check: async (io, generated) => {
      const octets = Buffer.concat([generated.octets, Buffer.from('-- \r\n')]);
      await deliverOverSmtp(io, `${credentials(io.options).user}@${io.options.mailDomain ?? 'example.test'}`, octets);
      const client = await Pop3Client.loggedIn(io);
      const number = await numberOfMessageId(client, generated.messageId);
      expectDeliveredIntact(await retr(client, number), octets);
      // The rule added this message; it takes it away again (the UPDATE state removes it).
      await client.command(`DELE ${number}`);
      await client.quit();
    },
  }),
]);
