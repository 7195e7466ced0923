import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { message } from './arbitraries.ts';
import { ImapClient, flagList } from './imap-client.ts';
import { appendAll, withScratchMailbox } from './scratch-mailbox.ts';

/** RFC 3501 §6.3.2: EXAMINE selects read-only ([READ-ONLY]); nothing permanent changes, not even \Seen. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.3.2', title: 'EXAMINE Command' };

export default section(citation, [
  rule({
    slug: 'read-only-code',
    level: 'MUST',
    title: 'The OK of EXAMINE carries [READ-ONLY]',
    sends: 'a login, EXAMINE INBOX',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const client = await ImapClient.loggedIn(io);
      const examined = await client.select('INBOX', true);
      expectThat(examined.readOnly, 'EXAMINE did not answer OK [READ-ONLY]', 'OK [READ-ONLY]', examined.tagged.raw);
    },
  }),
  rule({
    slug: 'fetch-body-keeps-unseen',
    level: 'MUST',
    title: 'In a mailbox opened with EXAMINE, FETCH BODY[] does not set \\Seen',
    sends: 'APPEND an unseen message to a scratch mailbox, EXAMINE it, FETCH 1 BODY[], then SELECT and FETCH 1 FLAGS',
    input: message(),
    maxRuns: 5,
    check: async (io, { octets }) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        await appendAll(client, name, [{ octets }]);
        await client.select(name, true);
        await client.ok('FETCH 1 BODY[]');
        await client.select(name);
        const flags = flagList((await client.fetch('1', '(FLAGS)')).get(1)?.get('FLAGS'));
        expectEqual('\\Seen after FETCH BODY[] under EXAMINE', flags.includes('\\Seen'), false);
      });
    },
  }),
]);
