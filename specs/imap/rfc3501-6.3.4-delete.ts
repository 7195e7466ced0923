import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { scratchName } from './arbitraries.ts';
import { ImapClient, quote } from './imap-client.ts';
import { listNames } from './mailbox-listing.ts';

/** RFC 3501 §6.3.4: DELETE removes a mailbox for good; deleting INBOX is an error. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.3.4', title: 'DELETE Command' };

export default section(citation, [
  rule({
    slug: 'deleted-mailbox-gone',
    level: 'MUST',
    title: 'After DELETE, the mailbox is not listed and cannot be selected',
    sends: 'CREATE a scratch mailbox, DELETE it, LIST "" *, SELECT it',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await ImapClient.loggedIn(io);
      const name = scratchName();
      await client.ok(['CREATE ', quote(name)]);
      await client.ok(['DELETE ', quote(name)]);
      const names = await listNames(client, '*');
      expectThat(!names.includes(name), `LIST still shows ${name} after DELETE`, `no ${name}`, names.join(', '));
      expectEqual(`completion of SELECT ${name} after DELETE`, (await client.command(['SELECT ', quote(name)])).tagged.name, 'NO');
    },
  }),
  rule({
    slug: 'delete-inbox-refused',
    level: 'MUST',
    title: 'DELETE INBOX gets NO, and INBOX stays',
    sends: 'DELETE INBOX (in some case), then EXAMINE INBOX',
    input: fc.constantFrom('INBOX', 'inbox'),
    maxRuns: 2,
    check: async (io, spelled) => {
      const client = await ImapClient.loggedIn(io);
      expectEqual(`completion of DELETE ${spelled}`, (await client.command(`DELETE ${spelled}`)).tagged.name, 'NO');
      await client.select('INBOX', true);
    },
  }),
]);
