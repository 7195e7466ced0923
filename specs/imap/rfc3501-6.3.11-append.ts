import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { flagSubset, message } from './arbitraries.ts';
import { ImapClient, flagList, quote } from './imap-client.ts';
import { listNames } from './mailbox-listing.ts';
import { appendAll, withScratchMailbox } from './scratch-mailbox.ts';

/**
 * RFC 3501 §6.3.11: APPEND stores the literal as a new message, with the flags given; to a
 * mailbox that does not exist it fails and creates nothing.
 */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.3.11', title: 'APPEND Command' };

export default section(citation, [
  rule({
    slug: 'appended-message-stored-exactly',
    level: 'MUST',
    title: 'A message sent as an APPEND literal comes back octet for octet from FETCH BODY.PEEK[]',
    sends: 'APPEND a generated message to a scratch mailbox, SELECT it, FETCH 1 BODY.PEEK[]',
    input: message(),
    maxRuns: 15,
    check: async (io, { octets }) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        await appendAll(client, name, [{ octets }]);
        await client.select(name);
        const body = (await client.fetch('1', 'BODY.PEEK[]')).get(1)?.get('BODY[]');
        expectThat(Buffer.isBuffer(body), 'FETCH BODY.PEEK[] returned no body', 'BODY[] <octets>', String(body));
        expectBytesEqual('the appended message', body as Buffer, octets);
      });
    },
  }),
  rule({
    slug: 'append-sets-flags',
    level: 'SHOULD',
    title: 'The flags given to APPEND are set on the new message',
    sends: 'APPEND with a generated flag list, SELECT, FETCH 1 (FLAGS)',
    input: fc.tuple(message(), flagSubset()),
    maxRuns: 10,
    check: async (io, [{ octets }, flags]) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        await appendAll(client, name, [{ octets, flags }]);
        await client.select(name);
        const got = flagList((await client.fetch('1', '(FLAGS)')).get(1)?.get('FLAGS')).filter((f) => f !== '\\Recent');
        expectEqual('flags of the appended message', got.sort().join(' '), [...flags].sort().join(' '));
      });
    },
  }),
  rule({
    slug: 'append-to-missing-mailbox-refused',
    level: 'MUST',
    title: 'APPEND to a mailbox that does not exist gets NO and does not create it',
    sends: 'APPEND to a name that does not exist, then LIST',
    input: fc.tuple(message(), fc.stringMatching(/^[a-z]{8,12}$/)),
    maxRuns: 5,
    check: async (io, [{ octets }, suffix]) => {
      const client = await ImapClient.loggedIn(io);
      const name = `rfcheck-absent-${suffix}`;
      const result = await client.command(['APPEND ', quote(name), ' ', { literal: octets }]);
      expectEqual(`completion of APPEND to ${name}`, result.tagged.name, 'NO');
      const names = await listNames(client, '*');
      if (names.includes(name)) await client.command(['DELETE ', quote(name)]);
      expectThat(!names.includes(name), `APPEND created ${name}`, `no ${name}`, names.join(', '));
    },
  }),
]);
