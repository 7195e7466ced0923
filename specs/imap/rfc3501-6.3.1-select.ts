import fc from 'fast-check';
import { expectEqual, expectOneOf, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ImapClient } from './imap-client.ts';

/**
 * RFC 3501 §6.3.1: SELECT sends FLAGS, EXISTS, RECENT and OK [UIDVALIDITY], and a failed
 * SELECT leaves no mailbox selected. §5.1: INBOX is case-insensitive.
 */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.3.1', title: 'SELECT Command' };

export default section(citation, [
  rule({
    slug: 'required-untagged-responses',
    level: 'MUST',
    title: 'SELECT sends FLAGS, EXISTS, RECENT and OK [UIDVALIDITY n] before its tagged OK',
    sends: 'a login, SELECT INBOX',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await ImapClient.loggedIn(io);
      const selected = await client.select('INBOX');
      const names = selected.untagged.map((r) => (r.number === undefined ? r.name : `n ${r.name}`));
      for (const needed of ['FLAGS', 'n EXISTS', 'n RECENT']) expectThat(names.includes(needed), `SELECT sent no ${needed}`, needed, names.join(', '));
      expectThat(Number.isInteger(selected.uidValidity) && selected.uidValidity > 0, 'SELECT sent no OK [UIDVALIDITY n] with a positive n', 'OK [UIDVALIDITY n]', String(selected.uidValidity));
    },
  }),
  rule({
    slug: 'exists-counts-messages',
    level: 'MUST',
    title: 'The EXISTS of SELECT is the number of messages FETCH 1:* and SEARCH ALL find',
    sends: 'a login, SELECT INBOX, SEARCH ALL',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await ImapClient.loggedIn(io);
      const selected = await client.select('INBOX');
      expectEqual('messages found by SEARCH ALL vs EXISTS', (await client.search('ALL')).length, selected.exists);
    },
  }),
  rule({
    slug: 'failed-select-deselects',
    level: 'MUST',
    title: 'A SELECT that fails leaves no mailbox selected: FETCH afterwards is refused',
    sends: 'SELECT INBOX, SELECT of a mailbox that does not exist, then FETCH 1 (FLAGS)',
    input: fc.stringMatching(/^[a-z]{8,12}$/).map((name) => `rfcheck-absent-${name}`),
    maxRuns: 5,
    check: async (io, absent) => {
      const client = await ImapClient.loggedIn(io);
      await client.select('INBOX');
      const failed = await client.command(`SELECT ${absent}`);
      expectEqual(`completion of SELECT ${absent}`, failed.tagged.name, 'NO');
      const fetch = await client.command('FETCH 1 (FLAGS)');
      expectOneOf('completion of FETCH after a failed SELECT', fetch.tagged.name, ['NO', 'BAD']);
    },
  }),
  rule({
    slug: 'inbox-name-case-insensitive',
    level: 'MUST',
    title: 'INBOX names the same mailbox in any case (RFC 3501 §5.1)',
    sends: 'EXAMINE INBOX, then EXAMINE the name in mixed case',
    input: fc.constantFrom('inbox', 'Inbox', 'iNbOx', 'INBox'),
    maxRuns: 4,
    check: async (io, spelled) => {
      const client = await ImapClient.loggedIn(io);
      const canonical = await client.select('INBOX', true);
      const other = await client.select(spelled, true);
      expectEqual(`UIDVALIDITY of ${spelled} vs INBOX`, other.uidValidity, canonical.uidValidity);
      expectEqual(`EXISTS of ${spelled} vs INBOX`, other.exists, canonical.exists);
    },
  }),
  rule({
    slug: 'read-write-code',
    level: 'SHOULD',
    title: 'The OK of SELECT carries [READ-WRITE] when the mailbox may be changed',
    sends: 'a login, SELECT INBOX',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const client = await ImapClient.loggedIn(io);
      const selected = await client.select('INBOX');
      expectEqual('response code of the OK of SELECT', selected.tagged.code?.toUpperCase(), 'READ-WRITE');
    },
  }),
]);
