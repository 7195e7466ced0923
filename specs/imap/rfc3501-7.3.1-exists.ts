import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { message } from './arbitraries.ts';
import { ImapClient } from './imap-client.ts';
import { appendAll, withScratchMailbox } from './scratch-mailbox.ts';

/** RFC 3501 §7.3.1 (and §5.2): a change in the selected mailbox's size is reported with EXISTS. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '7.3.1', title: 'EXISTS Response' };

export default section(citation, [
  rule({
    slug: 'append-by-other-session-reported',
    level: 'MUST',
    title: 'A message appended by another session shows up as * n EXISTS on NOOP, n the new count',
    sends: 'session A selects a scratch mailbox; session B APPENDs to it; A sends NOOP',
    input: fc.array(message(), { minLength: 1, maxLength: 3 }),
    maxRuns: 5,
    check: async (io, messages) => {
      const watcher = await ImapClient.loggedIn(io);
      await withScratchMailbox(watcher, async (name) => {
        await watcher.select(name);
        const writer = await ImapClient.loggedIn(io);
        await appendAll(writer, name, messages);
        await writer.logout();
        const noop = await watcher.ok('NOOP');
        const exists = noop.untagged.filter((r) => r.name === 'EXISTS').map((r) => r.number);
        expectThat(exists.includes(messages.length), `NOOP did not report ${messages.length} EXISTS`, `* ${messages.length} EXISTS`, exists.join(', ') || 'no EXISTS');
      });
    },
  }),
]);
