import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectThat, violation } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fixtureMessages } from '../pop3/fixture-mailbox.ts';
import { message } from './arbitraries.ts';
import { ImapClient, flagList, quote } from './imap-client.ts';
import { credentials } from '../pop3/credentials.ts';
import { deliverOverSmtp, expectDeliveredIntact } from '../pop3/smtp-delivery.ts';
import type { ImapValue } from './imap-response.ts';
import { inboxMessage } from './inbox-message.ts';
import { appendAll, messageIds, withScratchMailbox } from './scratch-mailbox.ts';

/**
 * RFC 3501 §6.4.5: BODY[section]<partial> returns the octets the section names; BODY[] sets
 * \Seen, BODY.PEEK[] does not.
 */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.4.5', title: 'FETCH Command' };

const octetsOf = (value: ImapValue | undefined, what: string): Buffer => {
  if (!Buffer.isBuffer(value)) violation(`FETCH returned no octets for ${what}`, `${what} <string>`, String(value));
  return value;
};

export default section(citation, [
  rule({
    slug: 'body-sets-seen',
    level: 'MUST',
    title: 'FETCH BODY[] of an unseen message sets \\Seen',
    sends: 'APPEND an unseen message to a scratch mailbox, SELECT, FETCH 1 BODY[], FETCH 1 (FLAGS)',
    input: message(),
    maxRuns: 5,
    check: async (io, { octets }) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        await appendAll(client, name, [{ octets }]);
        await client.select(name);
        await client.ok('FETCH 1 BODY[]');
        expectThat(flagList((await client.fetch('1', '(FLAGS)')).get(1)?.get('FLAGS')).includes('\\Seen'), 'FETCH BODY[] did not set \\Seen', '\\Seen', 'not set');
      });
    },
  }),
  rule({
    slug: 'body-peek-keeps-unseen',
    level: 'MUST',
    title: 'FETCH BODY.PEEK[…] leaves \\Seen unset',
    sends: 'APPEND an unseen message to a scratch mailbox, SELECT, FETCH 1 BODY.PEEK[<section>], FETCH 1 (FLAGS)',
    input: fc.tuple(message(), fc.constantFrom('', 'HEADER', 'TEXT', '1')),
    maxRuns: 8,
    check: async (io, [{ octets }, part]) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        await appendAll(client, name, [{ octets }]);
        await client.select(name);
        await client.ok(`FETCH 1 BODY.PEEK[${part}]`);
        expectEqual(`\\Seen after BODY.PEEK[${part}]`, flagList((await client.fetch('1', '(FLAGS)')).get(1)?.get('FLAGS')).includes('\\Seen'), false);
      });
    },
  }),
  rule({
    slug: 'header-and-text-make-whole',
    level: 'MUST',
    title: 'BODY[HEADER] followed by BODY[TEXT] is exactly BODY[]',
    sends: 'EXAMINE INBOX, FETCH n (BODY.PEEK[HEADER] BODY.PEEK[TEXT] BODY.PEEK[])',
    input: fc.nat(),
    maxRuns: 8,
    check: async (io, pick) => {
      const client = await ImapClient.loggedIn(io);
      const n = await inboxMessage(io, client, pick);
      const f = (await client.fetch(String(n), '(BODY.PEEK[HEADER] BODY.PEEK[TEXT] BODY.PEEK[])')).get(n);
      expectBytesEqual(`BODY[HEADER] + BODY[TEXT] of message ${n}`, Buffer.concat([octetsOf(f?.get('BODY[HEADER]'), 'BODY[HEADER]'), octetsOf(f?.get('BODY[TEXT]'), 'BODY[TEXT]')]), octetsOf(f?.get('BODY[]'), 'BODY[]'));
    },
  }),
  rule({
    slug: 'partial-fetch-slices',
    level: 'MUST',
    title: 'BODY[]<start.count> is the slice of BODY[] from octet start, count octets long (shorter at the end)',
    sends: 'EXAMINE INBOX, FETCH n (BODY.PEEK[] BODY.PEEK[]<start.count>)',
    input: fc.record({ pick: fc.nat(), start: fc.nat(400), count: fc.integer({ min: 1, max: 300 }) }),
    maxRuns: 15,
    check: async (io, { pick, start, count }) => {
      const client = await ImapClient.loggedIn(io);
      const n = await inboxMessage(io, client, pick);
      const f = (await client.fetch(String(n), `(BODY.PEEK[] BODY.PEEK[]<${start}.${count}>)`)).get(n);
      const whole = octetsOf(f?.get('BODY[]'), 'BODY[]');
      expectBytesEqual(`BODY[]<${start}.${count}> of message ${n}`, octetsOf(f?.get(`BODY[]<${start}>`), `BODY[]<${start}>`), whole.subarray(start, start + count));
    },
  }),
  rule({
    slug: 'header-fields-selects-fields',
    level: 'MUST',
    title: 'BODY[HEADER.FIELDS (…)] holds just the named fields of the header and the blank line',
    sends: 'EXAMINE INBOX, FETCH n (BODY.PEEK[HEADER] BODY.PEEK[HEADER.FIELDS (<names>)])',
    input: fc.record({ pick: fc.nat(), names: fc.subarray(['SUBJECT', 'FROM', 'MESSAGE-ID', 'X-ABSENT', 'DATE'], { minLength: 1 }) }),
    maxRuns: 10,
    check: async (io, { pick, names }) => {
      const client = await ImapClient.loggedIn(io);
      const n = await inboxMessage(io, client, pick);
      const f = (await client.fetch(String(n), `(BODY.PEEK[HEADER] BODY.PEEK[HEADER.FIELDS (${names.join(' ')})])`)).get(n);
      const header = octetsOf(f?.get('BODY[HEADER]'), 'BODY[HEADER]').toString('latin1');
      const wanted = new Set(names.map((x) => x.toLowerCase()));
      const expected = `${header.split(/\r\n(?![ \t])/).filter((field) => wanted.has(field.split(':')[0]?.trim().toLowerCase() ?? '')).map((field) => `${field}\r\n`).join('')}\r\n`;
      const key = [...(f?.keys() ?? [])].find((k) => k.startsWith('BODY[HEADER.FIELDS'));
      expectBytesEqual(`BODY[HEADER.FIELDS (${names.join(' ')})]`, octetsOf(key ? f?.get(key) : undefined, 'BODY[HEADER.FIELDS (…)]'), Buffer.from(expected, 'latin1'));
    },
  }),
  rule({
    slug: 'fixture-messages-whole',
    level: 'MUST',
    title: 'BODY.PEEK[] returns each fixture message whole, and BODY[1] of the multipart one its first part',
    sends: 'EXAMINE INBOX, find each fixture message by Message-ID, FETCH its BODY.PEEK[] (and BODY.PEEK[1])',
    input: (setup) => {
      const fixtures = fixtureMessages(setup.options);
      return fixtures.length > 0 ? fc.constantFrom(...fixtures) : fc.constant(undefined);
    },
    maxRuns: 8,
    check: async (io, fixture) => {
      if (!fixture) return io.notApplicable('the suite logs in as another user than the fixture user');
      const client = await ImapClient.loggedIn(io);
      if ((await client.select('INBOX', true)).exists === 0) return io.notApplicable('INBOX is empty');
      const number = [...(await messageIds(client)).entries()].find(([, id]) => id === fixture.messageId)?.[0];
      if (number === undefined) return violation(`the fixture message ${fixture.messageId} is not in INBOX`, fixture.messageId, 'absent');
      const f = (await client.fetch(String(number), '(BODY.PEEK[] BODY.PEEK[1])')).get(number);
      expectBytesEqual(`BODY[] of ${fixture.messageId}`, octetsOf(f?.get('BODY[]'), 'BODY[]'), fixture.octets);
      const boundary = /boundary="([^"]+)"/.exec(fixture.octets.toString('latin1'))?.[1];
      if (boundary) {
        const text = fixture.octets.toString('latin1');
        // The first part runs from after the first delimiter line to the CRLF before the next (RFC 2046 §5.1.1).
        const start = text.indexOf(`--${boundary}\r\n`) + boundary.length + 4;
        const first = text.slice(start, text.indexOf(`\r\n--${boundary}`, start));
        const body = first.slice(first.indexOf('\r\n\r\n') + 4);
        expectBytesEqual(`BODY[1] of ${fixture.messageId}`, octetsOf(f?.get('BODY[1]'), 'BODY[1]'), Buffer.from(body, 'latin1'));
      }
    },
  }),
  rule({
    slug: 'smtp-delivered-message-fetched',
    level: 'MUST',
    title: 'A message accepted over SMTP for the user comes back from FETCH BODY[] octet for octet (after the trace fields SMTP prepends)',
    sends: 'SMTP delivery of a generated message, then SELECT INBOX, SEARCH HEADER Message-ID, FETCH n BODY.PEEK[], STORE n +FLAGS (\\Deleted), EXPUNGE',
    input: message(),
    maxRuns: 5,
    check: async (io, generated) => {
      const octets = Buffer.concat([generated.octets, Buffer.from('-- \r\n')]);
      await deliverOverSmtp(io, `${credentials(io.options).user}@${io.options.mailDomain ?? 'example.test'}`, octets);
      const client = await ImapClient.loggedIn(io);
      await client.select('INBOX');
      const found = await client.search(['HEADER Message-ID ', quote(generated.messageId)]);
      expectThat(found.length === 1, `SEARCH HEADER Message-ID ${generated.messageId} does not find the delivered message once`, 'one message', found.join(' ') || 'none');
      const n = found[0] as number;
      expectDeliveredIntact(octetsOf((await client.fetch(String(n), 'BODY.PEEK[]')).get(n)?.get('BODY[]'), 'BODY[]'), octets);
      // The rule added this message; it takes it away again.
      await client.ok(`STORE ${n} +FLAGS.SILENT (\\Deleted)`);
      await client.ok('EXPUNGE');
    },
  }),
]);
