import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { message } from './arbitraries.ts';
import { ImapClient } from './imap-client.ts';
import { messageIdsLeft, selectWithDeleted, withScratchMailbox } from './scratch-mailbox.ts';

/**
 * RFC 3501 §7.4.1: each EXPUNGE response names a sequence number in the numbering that the
 * EXPUNGE responses before it left; applied in order they turn the old list into the new one.
 */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '7.4.1', title: 'EXPUNGE Response' };

export default section(citation, [
  rule({
    slug: 'expunge-responses-renumber',
    level: 'MUST',
    title: 'Applying the EXPUNGE responses in order to the old message list gives the list the server then has',
    sends: 'in a scratch mailbox: APPEND messages, flag a generated subset \\Deleted, EXPUNGE; replay its responses',
    input: fc.array(fc.tuple(message(), fc.boolean()), { minLength: 2, maxLength: 6 }),
    maxRuns: 10,
    check: async (io, entries) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        if ((await selectWithDeleted(client, name, entries)).length === 0) return;
        const view = entries.map(([m]) => m.messageId);
        const result = await client.ok('EXPUNGE');
        for (const response of result.untagged.filter((r) => r.name === 'EXPUNGE')) {
          const n = response.number ?? 0;
          expectThat(n >= 1 && n <= view.length, `EXPUNGE ${n} names no message in the current numbering`, `1…${view.length}`, String(n));
          view.splice(n - 1, 1);
        }
        const left = await messageIdsLeft(client, name);
        expectEqual('messages after replaying the EXPUNGE responses', view.join(' '), left.join(' '));
      });
    },
  }),
]);
