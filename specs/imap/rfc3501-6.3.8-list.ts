import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ImapClient, quote } from './imap-client.ts';
import { list } from './mailbox-listing.ts';
import { withScratchMailbox } from './scratch-mailbox.ts';

/**
 * RFC 3501 §6.3.8: an empty pattern asks for the hierarchy delimiter; "*" matches across
 * levels of the hierarchy, "%" does not.
 */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.3.8', title: 'LIST Command' };

export default section(citation, [
  rule({
    slug: 'empty-pattern-gives-delimiter',
    level: 'MUST',
    title: 'LIST "" "" answers one LIST response with the \\Noselect attribute and the hierarchy delimiter',
    sends: 'a login, LIST "" ""',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const client = await ImapClient.loggedIn(io);
      const entries = await list(client, '');
      expectEqual('LIST responses to LIST "" ""', entries.length, 1);
      expectThat(entries[0]?.attributes.some((a) => a.toLowerCase() === '\\noselect') ?? false, 'LIST "" "" lacks \\Noselect', '\\Noselect', entries[0]?.attributes.join(' '));
    },
  }),
  rule({
    slug: 'percent-stays-on-one-level',
    level: 'MUST',
    title: '"%" matches one level of the hierarchy and "*" all of them',
    sends: 'CREATE scratch and scratch<delimiter>child, LIST "" "scratch%" and LIST "" "scratch*"',
    input: fc.stringMatching(/^[a-z]{3,8}$/),
    maxRuns: 3,
    check: async (io, childName) => {
      const client = await ImapClient.loggedIn(io);
      const delimiter = (await list(client, ''))[0]?.delimiter;
      if (!delimiter) return io.skip('the server has a flat mailbox namespace (no hierarchy delimiter)');
      await withScratchMailbox(client, async (parent) => {
        const child = `${parent}${delimiter}${childName}`;
        await client.ok(['CREATE ', quote(child)]);
        try {
          const one = (await list(client, `${parent}%`)).map((e) => e.name);
          const all = (await list(client, `${parent}*`)).map((e) => e.name);
          expectEqual(`LIST "" "${parent}%"`, one.join(' '), parent);
          expectEqual(`LIST "" "${parent}*"`, all.sort().join(' '), [parent, child].sort().join(' '));
        } finally {
          await client.command(['DELETE ', quote(child)]);
        }
      });
    },
  }),
]);
