import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ImapClient } from './imap-client.ts';
import { textOf } from './imap-response.ts';

/** RFC 3501 §6.4.8: UID commands take and give UIDs; UID FETCH always includes UID; absent UIDs are no error. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.4.8', title: 'UID Command' };

export default section(citation, [
  rule({
    slug: 'uid-fetch-includes-uid',
    level: 'MUST',
    title: 'Every FETCH response to UID FETCH includes UID, even when not asked for',
    sends: 'EXAMINE INBOX, UID FETCH 1:* (FLAGS)',
    input: fc.constantFrom('(FLAGS)', 'RFC822.SIZE', '(INTERNALDATE FLAGS)'),
    maxRuns: 3,
    check: async (io, items) => {
      const client = await ImapClient.loggedIn(io);
      if ((await client.select('INBOX', true)).exists === 0) return io.notApplicable('INBOX is empty');
      for (const [number, f] of await client.fetch('1:*', items, true)) {
        expectThat(f.has('UID'), `the FETCH response for message ${number} to UID FETCH has no UID`, 'UID n', [...f.keys()].join(' '));
      }
    },
  }),
  rule({
    slug: 'uid-search-gives-uids',
    level: 'MUST',
    title: 'UID SEARCH answers UIDs: those FETCH gives for the messages SEARCH finds',
    sends: 'EXAMINE INBOX, FETCH 1:* (UID), SEARCH <key>, UID SEARCH <key>',
    input: fc.constantFrom('ALL', 'SEEN', 'UNSEEN', 'LARGER 250', '2:*'),
    maxRuns: 5,
    check: async (io, key) => {
      const client = await ImapClient.loggedIn(io);
      if ((await client.select('INBOX', true)).exists === 0) return io.notApplicable('INBOX is empty');
      const uidOf = new Map([...(await client.fetch('1:*', '(UID)')).entries()].map(([n, f]) => [n, Number(textOf(f.get('UID')))]));
      const expected = (await client.search(key)).map((n) => uidOf.get(n)).sort((a, b) => (a ?? 0) - (b ?? 0));
      const got = (await client.search(key, true)).sort((a, b) => a - b);
      expectEqual(`UID SEARCH ${key}`, got.join(' '), expected.join(' '));
    },
  }),
  rule({
    slug: 'absent-uids-no-error',
    level: 'MUST',
    title: 'UID FETCH of a range with no existing UIDs succeeds with no FETCH responses',
    sends: 'EXAMINE INBOX, UID FETCH <UIDNEXT+k>:<UIDNEXT+k+m> (FLAGS)',
    input: fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 50 })),
    maxRuns: 5,
    check: async (io, [k, m]) => {
      const client = await ImapClient.loggedIn(io);
      const selected = await client.select('INBOX', true);
      const first = (selected.uidNext ?? 1_000_000) + k;
      const result = await client.command(`UID FETCH ${first}:${first + m} (FLAGS)`);
      expectEqual(`completion of UID FETCH ${first}:${first + m}`, result.tagged.name, 'OK');
      expectEqual('FETCH responses for UIDs that do not exist', result.untagged.filter((r) => r.name === 'FETCH').length, 0);
    },
  }),
]);
