import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fixtureMessages } from '../pop3/fixture-mailbox.ts';
import { ImapClient } from './imap-client.ts';
import { type ImapValue, textOf } from './imap-response.ts';
import { inboxMessage } from './inbox-message.ts';
import { messageIds } from './scratch-mailbox.ts';

/**
 * RFC 3501 §7.4.2: RFC822.SIZE is the size of BODY[]; ENVELOPE's fields come from the header;
 * BODYSTRUCTURE describes the MIME structure.
 */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '7.4.2', title: 'FETCH Response' };

const headerValue = (header: string, name: string): string | undefined =>
  new RegExp(`^${name}:[ \\t]*(.*(?:\\r\\n[ \\t].*)*)`, 'im').exec(header)?.[1]?.replace(/\r\n[ \t]/g, ' ').trim();

export default section(citation, [
  rule({
    slug: 'rfc822-size-is-body-length',
    level: 'MUST',
    title: 'RFC822.SIZE equals the number of octets of BODY[]',
    sends: 'EXAMINE INBOX, FETCH n (RFC822.SIZE BODY.PEEK[])',
    input: fc.nat(),
    maxRuns: 8,
    check: async (io, pick) => {
      const client = await ImapClient.loggedIn(io);
      const n = await inboxMessage(io, client, pick);
      const f = (await client.fetch(String(n), '(RFC822.SIZE BODY.PEEK[])')).get(n);
      const body = f?.get('BODY[]');
      expectEqual(`RFC822.SIZE of message ${n}`, Number(textOf(f?.get('RFC822.SIZE'))), Buffer.isBuffer(body) ? body.length : -1);
    },
  }),
  rule({
    slug: 'envelope-from-header',
    level: 'MUST',
    title: "ENVELOPE's date, subject and message-id are the header's Date, Subject and Message-ID (unfolded)",
    sends: 'EXAMINE INBOX, FETCH n (ENVELOPE BODY.PEEK[HEADER])',
    input: fc.nat(),
    maxRuns: 8,
    check: async (io, pick) => {
      const client = await ImapClient.loggedIn(io);
      const n = await inboxMessage(io, client, pick);
      const f = (await client.fetch(String(n), '(ENVELOPE BODY.PEEK[HEADER])')).get(n);
      const envelope = f?.get('ENVELOPE');
      const header = f?.get('BODY[HEADER]');
      expectThat(Array.isArray(envelope) && envelope.length === 10, 'ENVELOPE is not a list of ten fields', '(date subject from sender reply-to to cc bcc in-reply-to message-id)', String(envelope));
      const text = Buffer.isBuffer(header) ? header.toString('latin1') : '';
      const fields = envelope as ImapValue[];
      expectEqual('ENVELOPE date', textOf(fields[0]), headerValue(text, 'date'));
      expectEqual('ENVELOPE subject', textOf(fields[1]), headerValue(text, 'subject'));
      expectEqual('ENVELOPE message-id', textOf(fields[9]), headerValue(text, 'message-id'));
    },
  }),
  rule({
    slug: 'bodystructure-of-multipart',
    level: 'MUST',
    title: 'BODYSTRUCTURE of the fixture multipart message lists its parts with their types and the MIXED subtype',
    sends: 'EXAMINE INBOX, find <multipart.2@example.test>, FETCH n BODYSTRUCTURE',
    input: (setup) => fc.constant(fixtureMessages(setup.options).find((m) => /multipart\//i.test(m.octets.toString('latin1'))) ?? null),
    maxRuns: 2,
    check: async (io, fixture) => {
      if (!fixture) return io.notApplicable('the suite logs in as another user than the fixture user');
      const client = await ImapClient.loggedIn(io);
      if ((await client.select('INBOX', true)).exists === 0) return io.notApplicable('INBOX is empty');
      const n = [...(await messageIds(client)).entries()].find(([, id]) => id === fixture.messageId)?.[0];
      expectThat(n !== undefined, `the fixture message ${fixture.messageId} is not in INBOX`, fixture.messageId, 'absent');
      const structure = (await client.fetch(String(n), 'BODYSTRUCTURE')).get(n as number)?.get('BODYSTRUCTURE');
      // A multipart body: its parts (lists) first, then the subtype, then extension data.
      const items = Array.isArray(structure) ? structure : [];
      const subtypeAt = items.findIndex((v) => !Array.isArray(v));
      const parts = items.slice(0, subtypeAt < 0 ? items.length : subtypeAt).filter(Array.isArray);
      const subtype = subtypeAt < 0 ? undefined : textOf(items[subtypeAt]);
      expectEqual('multipart subtype', subtype?.toUpperCase(), 'MIXED');
      expectEqual('part types', parts.map((p) => `${textOf(p[0])}/${textOf(p[1])}`.toUpperCase()).join(' '), 'TEXT/PLAIN APPLICATION/OCTET-STREAM');
    },
  }),
]);
