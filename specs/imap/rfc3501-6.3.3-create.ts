import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ImapClient, quote } from './imap-client.ts';
import { listNames } from './mailbox-listing.ts';
import { withScratchMailbox } from './scratch-mailbox.ts';

/** RFC 3501 §6.3.3: CREATE makes a mailbox LIST then shows; creating INBOX or an existing name is an error. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.3.3', title: 'CREATE Command' };

export default section(citation, [
  rule({
    slug: 'created-mailbox-listed',
    level: 'MUST',
    title: 'A mailbox made with CREATE appears in LIST and can be selected, empty',
    sends: 'CREATE a scratch mailbox, LIST "" *, SELECT it',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        const names = await listNames(client, '*');
        expectThat(names.includes(name), `LIST does not show the new mailbox ${name}`, name, names.join(', '));
        expectEqual(`EXISTS of the new mailbox ${name}`, (await client.select(name)).exists, 0);
      });
    },
  }),
  rule({
    slug: 'create-existing-refused',
    level: 'MUST',
    title: 'CREATE of INBOX or of a mailbox that exists gets NO',
    sends: 'CREATE INBOX, or CREATE a scratch mailbox twice',
    input: fc.boolean(),
    maxRuns: 4,
    check: async (io, inbox) => {
      const client = await ImapClient.loggedIn(io);
      if (inbox) {
        expectEqual('completion of CREATE INBOX', (await client.command('CREATE INBOX')).tagged.name, 'NO');
        return;
      }
      await withScratchMailbox(client, async (name) => {
        expectEqual(`completion of a second CREATE ${name}`, (await client.command(['CREATE ', quote(name)])).tagged.name, 'NO');
      });
    },
  }),
]);
