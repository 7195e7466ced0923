import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectMatch, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { wrongPassword } from './arbitraries.ts';
import { credentials } from './credentials.ts';
import { expectStillLoggedOut, nonEmptyListing, retr, uidlAll } from './maildrop-listing.ts';
import { Pop3Client, messageOctets } from './pop3-client.ts';

/**
 * RFC 1939 §7: TOP sends the header, the blank line and the first n body lines; UIDL gives each
 * message a unique-id of 1–70 printable characters that stays the same across sessions;
 * PASS only follows USER; APOP proves the secret with MD5(timestamp + secret), the timestamp
 * differing in every greeting.
 */

const citation = { suite: 'pop3', rfc: 'RFC 1939', section: '7', title: 'Optional POP3 Commands' };

const pickOf = <T>(list: T[], pick: number): T => list[pick % list.length] as T;

/** The <…@…> timestamp of an APOP-capable greeting, if any. */
const apopTimestamp = (greeting: string): string | undefined => /<[^<>\s]*@[^<>\s]*>/.exec(greeting)?.[0];

async function apopGreeting(io: RunIO): Promise<{ client: Pop3Client; timestamp: string }> {
  const client = await Pop3Client.connect(io);
  const timestamp = apopTimestamp(client.greeting.text);
  if (timestamp === undefined) io.notApplicable('the greeting carries no APOP timestamp: the server does not offer APOP');
  return { client, timestamp };
}

const md5 = (text: string): string => createHash('md5').update(text, 'latin1').digest('hex');

export default section(citation, [
  rule({
    slug: 'top-sends-header-and-n-lines',
    level: 'MUST',
    title: 'TOP n k sends the header, the blank line and the first k lines of the body (all of it if shorter)',
    sends: 'a login, RETR n, then TOP n k',
    input: fc.record({ pick: fc.nat(), lines: fc.integer({ min: 0, max: 12 }) }),
    maxRuns: 15,
    check: async (io, { pick, lines }) => {
      const client = await Pop3Client.loggedIn(io);
      const chosen = pickOf(await nonEmptyListing(client), pick);
      const whole = await retr(client, chosen.number);
      const reply = await client.multiline(`TOP ${chosen.number} ${lines}`);
      if (!reply.ok) io.notApplicable(`the server does not offer TOP (${reply.line.text})`);
      const text = whole.toString('latin1');
      const blank = text.indexOf('\r\n\r\n');
      const bodyLines = blank < 0 ? [] : text.slice(blank + 4).split('\r\n').slice(0, -1);
      const expected = blank < 0 ? whole : Buffer.from(text.slice(0, blank + 4) + bodyLines.slice(0, lines).map((l) => `${l}\r\n`).join(''), 'latin1');
      expectBytesEqual(`TOP ${chosen.number} ${lines}`, messageOctets(reply.lines), expected);
      await client.quit();
    },
  }),
  rule({
    slug: 'uidl-unique-id-format',
    level: 'MUST',
    title: 'Each unique-id is 1 to 70 characters in the range 0x21–0x7E, after the message number and one space',
    sends: 'a login, then UIDL',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await Pop3Client.loggedIn(io);
      const reply = await client.multiline('UIDL');
      if (!reply.ok) io.notApplicable(`the server does not offer UIDL (${reply.line.text})`);
      for (const line of reply.lines) expectMatch('a unique-id listing', line, /^[0-9]+ [\x21-\x7e]{1,70}$/);
      await client.quit();
    },
  }),
  rule({
    slug: 'uidl-ids-unique',
    level: 'MUST',
    title: 'No two messages of the maildrop share a unique-id',
    sends: 'a login, then UIDL',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await Pop3Client.loggedIn(io);
      const ids = [...(await uidlAll(client)).values()];
      expectEqual('distinct unique-ids', new Set(ids).size, ids.length);
      await client.quit();
    },
  }),
  rule({
    slug: 'uidl-ids-stable-across-sessions',
    level: 'MUST',
    title: 'A message keeps its unique-id from one session to the next',
    sends: 'two sessions one after the other, each UIDL',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const first = await Pop3Client.loggedIn(io);
      const before = [...(await uidlAll(first)).values()].sort().join(' ');
      await first.quit();
      await first.connection.waitForClose();
      const second = await Pop3Client.loggedIn(io);
      const after = [...(await uidlAll(second)).values()].sort().join(' ');
      expectEqual('unique-ids in the second session', after, before);
      await second.quit();
    },
  }),
  rule({
    slug: 'uidl-one-agrees-with-all',
    level: 'MUST',
    title: "UIDL n gives the same unique-id as UIDL's line for message n",
    sends: 'a login, UIDL, then UIDL n',
    input: fc.nat(),
    maxRuns: 8,
    check: async (io, pick) => {
      const client = await Pop3Client.loggedIn(io);
      const ids = [...(await uidlAll(client)).entries()];
      if (ids.length === 0) io.notApplicable('the maildrop is empty');
      const [number, id] = pickOf(ids, pick);
      const reply = await client.command(`UIDL ${number}`);
      expectThat(reply.ok, `UIDL ${number} was refused`, `+OK ${number} ${id}`, reply.line.text);
      expectEqual(`UIDL ${number}`, reply.text.trim().split(/\s+/).slice(0, 2).join(' '), `${number} ${id}`);
      await client.quit();
    },
  }),
  rule({
    slug: 'pass-only-after-user',
    level: 'MUST',
    title: 'PASS without a successful USER right before it gets -ERR, even with a valid password',
    sends: 'PASS with the right password but no USER (or after a refused command), then STAT',
    input: fc.constantFrom('', 'NOOP', 'STAT'),
    maxRuns: 3,
    check: async (io, before) => {
      const client = await Pop3Client.connect(io);
      if (before) await client.command(before);
      const reply = await client.command(`PASS ${credentials(io.options).pass}`);
      expectThat(!reply.ok, 'PASS without USER was accepted', '-ERR', reply.line.text);
      await expectStillLoggedOut(client, 'a PASS without USER');
    },
  }),
  rule({
    slug: 'apop-timestamp-unique',
    level: 'MUST',
    title: 'The APOP timestamp differs in every greeting',
    sends: 'two connections, reading each greeting',
    input: fc.constant(null),
    maxRuns: 5,
    check: async (io) => {
      const first = await apopGreeting(io);
      const second = await apopGreeting(io);
      expectThat(first.timestamp !== second.timestamp, 'two greetings carry the same APOP timestamp', 'two different timestamps', second.timestamp);
      await first.client.quit();
      await second.client.quit();
    },
  }),
  rule({
    slug: 'apop-right-digest-accepted',
    level: 'MUST',
    title: 'APOP with the MD5 digest of the greeting timestamp followed by the password opens the maildrop',
    sends: 'APOP user md5(timestamp + password) when the greeting has a timestamp, then STAT',
    input: fc.boolean(),
    maxRuns: 4,
    check: async (io, upperCaseDigest) => {
      const { user, pass } = credentials(io.options);
      for (let attempt = 0; ; attempt++) {
        const { client, timestamp } = await apopGreeting(io);
        const digest = md5(timestamp + pass);
        const reply = await client.command(`APOP ${user} ${upperCaseDigest ? digest : digest.toLowerCase()}`);
        if (!reply.ok && /\[IN-USE\]/i.test(reply.text) && attempt < 10) {
          client.close();
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        expectThat(reply.ok, 'APOP with the right digest was refused', '+OK', reply.line.text);
        const toStat = await client.command('STAT');
        expectThat(toStat.ok, 'STAT after APOP was refused', '+OK', toStat.line.text);
        await client.quit();
        return;
      }
    },
  }),
  rule({
    slug: 'apop-wrong-digest-refused',
    level: 'MUST',
    title: 'APOP with a digest of a wrong password, or of another timestamp, is refused',
    sends: 'APOP user md5(timestamp + wrong password) or md5(other timestamp + password), then STAT',
    input: (setup) => fc.oneof(wrongPassword(credentials(setup.options).pass).map((p) => ({ password: p, otherTimestamp: false })), fc.constant({ password: '', otherTimestamp: true })),
    maxRuns: 10,
    check: async (io, { password, otherTimestamp }) => {
      const { user, pass } = credentials(io.options);
      const { client, timestamp } = await apopGreeting(io);
      const digest = otherTimestamp ? md5(`<1.2@other.example>${pass}`) : md5(timestamp + password);
      const reply = await client.command(`APOP ${user} ${digest}`);
      expectThat(!reply.ok, 'APOP with a wrong digest was accepted', '-ERR', reply.line.text);
      await expectStillLoggedOut(client, 'a refused APOP');
    },
  }),
]);
