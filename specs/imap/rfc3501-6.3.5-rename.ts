import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { message, scratchName } from './arbitraries.ts';
import { ImapClient, quote } from './imap-client.ts';
import { listNames } from './mailbox-listing.ts';
import { appendAll, withScratchMailbox } from './scratch-mailbox.ts';

/** RFC 3501 §6.3.5: RENAME moves a mailbox and its messages; renaming onto an existing name is an error. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.3.5', title: 'RENAME Command' };

export default section(citation, [
  rule({
    slug: 'renamed-mailbox-keeps-messages',
    level: 'MUST',
    title: 'After RENAME, the messages are under the new name and the old name is gone',
    sends: 'CREATE a scratch mailbox, APPEND messages, RENAME it, LIST, SELECT the new name',
    input: fc.array(message(), { minLength: 1, maxLength: 3 }),
    maxRuns: 5,
    check: async (io, messages) => {
      const client = await ImapClient.loggedIn(io);
      const to = scratchName();
      await withScratchMailbox(client, async (from) => {
        await appendAll(client, from, messages);
        await client.ok(['RENAME ', quote(from), ' ', quote(to)]);
        try {
          const names = await listNames(client, '*');
          expectThat(names.includes(to) && !names.includes(from), 'LIST after RENAME does not show the new name alone', `${to} and no ${from}`, names.join(', '));
          expectEqual(`messages in ${to}`, (await client.select(to)).exists, messages.length);
        } finally {
          await client.command(['DELETE ', quote(to)]);
        }
      });
    },
  }),
  rule({
    slug: 'rename-onto-existing-refused',
    level: 'MUST',
    title: 'RENAME to a name that already exists gets NO and changes nothing',
    sends: 'CREATE two scratch mailboxes, RENAME one onto the other (or onto INBOX)',
    input: fc.boolean(),
    maxRuns: 4,
    check: async (io, ontoInbox) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (first) => {
        await withScratchMailbox(client, async (second) => {
          const target = ontoInbox ? 'INBOX' : second;
          expectEqual(`completion of RENAME ${first} ${target}`, (await client.command(['RENAME ', quote(first), ' ', quote(target)])).tagged.name, 'NO');
          const names = await listNames(client, '*');
          expectThat(names.includes(first), `${first} is gone after a refused RENAME`, first, names.join(', '));
        });
      });
    },
  }),
]);
