import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ImapClient, quote } from './imap-client.ts';
import { list } from './mailbox-listing.ts';
import { withScratchMailbox } from './scratch-mailbox.ts';

/**
 * RFC 3501 §6.3.8: an empty pattern asks for the hierarchy delimiter; "*" matches across
 * levels of the hierarchy, "%" does not; INBOX is listed whenever the pattern matches it.
 */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.3.8', title: 'LIST Command' };

/**
 * Patterns that all match the name INBOX (any case: INBOX is case-insensitive, §5.1): wildcards
 * alone or around it, and the name in a random mix of cases, whole or as a prefix ending in % or *.
 */
const patternsMatchingInbox = fc.oneof(
  fc.constantFrom('*', '%', 'I*X', '%BOX'),
  fc
    .tuple(fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom('', '%', '*'))
    .map(([upper, keep, wildcard]) => {
      const cased = [...'inbox'].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('');
      return wildcard === '' ? cased : cased.slice(0, keep) + wildcard;
    }),
);

export default section(citation, [
  rule({
    slug: 'inbox-listed-when-matched',
    level: 'MUST',
    title: 'LIST includes INBOX whenever the pattern matches the name INBOX',
    sends: 'a login, LIST "" with a pattern that matches INBOX (*, %, inbox, In%, …)',
    input: patternsMatchingInbox,
    maxRuns: 7,
    check: async (io, pattern) => {
      const client = await ImapClient.loggedIn(io);
      const names = (await list(client, pattern)).map((entry) => entry.name);
      expectThat(
        names.some((name) => name.toUpperCase() === 'INBOX'),
        `LIST "" ${quote(pattern)} leaves INBOX out`,
        'a LIST response naming INBOX',
        names.length > 0 ? names.join(', ') : 'no LIST response',
      );
    },
  }),
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
      if (!delimiter) return io.notApplicable('the server has a flat mailbox namespace (no hierarchy delimiter)');
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
