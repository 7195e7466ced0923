import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { flagSubset, message } from './arbitraries.ts';
import { ImapClient, fetchesOf, flagList } from './imap-client.ts';
import { appendAll, withScratchMailbox } from './scratch-mailbox.ts';

/** RFC 3501 §6.4.6: STORE answers the new flags in an untagged FETCH, unless .SILENT. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.4.6', title: 'STORE Command' };

const shown = (flags: string[]): string => flags.filter((f) => f !== '\\Recent').sort().join(' ');

export default section(citation, [
  rule({
    slug: 'store-reports-new-flags',
    level: 'MUST',
    title: 'A STORE ±FLAGS that changes the flags answers an untagged FETCH with the flags as they now are',
    sends: 'APPEND to a scratch mailbox with flags, SELECT, STORE 1 +FLAGS/-FLAGS/FLAGS (…)',
    input: fc.tuple(message(), flagSubset(), fc.constantFrom('+', '-', ''), flagSubset()),
    maxRuns: 10,
    check: async (io, [{ octets }, initial, op, change]) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        await appendAll(client, name, [{ octets, flags: initial }]);
        await client.select(name);
        const result = await client.ok(`STORE 1 ${op}FLAGS (${change.join(' ')})`);
        const expected = op === '+' ? [...new Set([...initial, ...change])] : op === '-' ? initial.filter((f) => !change.includes(f)) : change;
        const reported = fetchesOf(result.untagged).get(1)?.get('FLAGS');
        // A STORE that changes nothing may go without a FETCH response (Dovecot does so).
        if (reported === undefined && shown(expected) === shown(initial)) return;
        expectEqual('FLAGS in the FETCH response to STORE', shown(flagList(reported)), shown(expected));
      });
    },
  }),
  rule({
    slug: 'silent-store-sends-no-fetch',
    level: 'SHOULD',
    title: 'STORE …FLAGS.SILENT sends no FETCH response for the message it changed',
    sends: 'APPEND to a scratch mailbox, SELECT, STORE 1 +FLAGS.SILENT (\\Flagged)',
    input: message(),
    maxRuns: 4,
    check: async (io, { octets }) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        await appendAll(client, name, [{ octets }]);
        await client.select(name);
        const result = await client.ok('STORE 1 +FLAGS.SILENT (\\Flagged)');
        expectEqual('FETCH responses to a silent STORE', result.untagged.filter((r) => r.name === 'FETCH').length, 0);
      });
    },
  }),
]);
