import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { message } from './arbitraries.ts';
import { ImapClient } from './imap-client.ts';
import { messageIdsLeft, selectWithDeleted, withScratchMailbox } from './scratch-mailbox.ts';

/** RFC 3501 §6.4.3: EXPUNGE removes exactly the messages flagged \Deleted. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.4.3', title: 'EXPUNGE Command' };

export default section(citation, [
  rule({
    slug: 'removes-exactly-deleted',
    level: 'MUST',
    title: 'EXPUNGE removes every message flagged \\Deleted and no other',
    sends: 'in a scratch mailbox: APPEND messages, flag a generated subset \\Deleted, EXPUNGE, compare Message-IDs',
    input: fc.array(fc.tuple(message(), fc.boolean()), { minLength: 1, maxLength: 6 }),
    maxRuns: 10,
    check: async (io, entries) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        await selectWithDeleted(client, name, entries);
        await client.ok('EXPUNGE');
        const kept = entries.filter(([, deleted]) => !deleted).map(([m]) => m.messageId);
        const left = await messageIdsLeft(client, name);
        expectEqual('Message-IDs left after EXPUNGE', left.join(' '), kept.join(' '));
      });
    },
  }),
]);
