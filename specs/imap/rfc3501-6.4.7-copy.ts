import fc from 'fast-check';
import { expectBytesEqual, expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { flagSubset, message } from './arbitraries.ts';
import { ImapClient, flagList, quote } from './imap-client.ts';
import { appendAll, withScratchMailbox } from './scratch-mailbox.ts';

/** RFC 3501 §6.4.7: COPY appends the messages to the target, their flags kept (SHOULD), and fails on a missing target. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.4.7', title: 'COPY Command' };

export default section(citation, [
  rule({
    slug: 'copy-keeps-octets-and-flags',
    level: 'MUST',
    title: 'A copied message has the same octets and the same flags in the target mailbox',
    sends: 'APPEND to scratch mailbox A with flags, SELECT A, COPY 1 to scratch mailbox B, SELECT B, FETCH 1 (FLAGS BODY.PEEK[])',
    input: fc.tuple(message(), flagSubset()),
    maxRuns: 8,
    check: async (io, [{ octets }, flags]) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (from) => {
        await withScratchMailbox(client, async (to) => {
          await appendAll(client, from, [{ octets, flags }]);
          await client.select(from);
          await client.ok(['COPY 1 ', quote(to)]);
          await client.select(to);
          const f = (await client.fetch('1', '(FLAGS BODY.PEEK[])')).get(1);
          expectBytesEqual('the copied message', Buffer.isBuffer(f?.get('BODY[]')) ? (f?.get('BODY[]') as Buffer) : Buffer.alloc(0), octets);
          expectEqual('flags of the copy', flagList(f?.get('FLAGS')).filter((x) => x !== '\\Recent').sort().join(' '), [...flags].sort().join(' '));
        });
      });
    },
  }),
  rule({
    slug: 'copy-to-missing-mailbox-refused',
    level: 'SHOULD',
    title: 'COPY to a mailbox that does not exist gets NO',
    sends: 'SELECT INBOX, COPY 1 to a name that does not exist',
    input: fc.stringMatching(/^[a-z]{8,12}$/),
    maxRuns: 3,
    check: async (io, suffix) => {
      const client = await ImapClient.loggedIn(io);
      if ((await client.select('INBOX')).exists === 0) return io.notApplicable('INBOX is empty');
      const name = `rfcheck-absent-${suffix}`;
      const result = await client.command(['COPY 1 ', quote(name)]);
      if (result.tagged.name === 'OK') await client.command(['DELETE ', quote(name)]);
      expectEqual(`completion of COPY to ${name}`, result.tagged.name, 'NO');
    },
  }),
]);
