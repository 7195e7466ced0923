import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { message } from './arbitraries.ts';
import { ImapClient } from './imap-client.ts';
import { appendAll, withScratchMailbox } from './scratch-mailbox.ts';

/** RFC 3501 §6.4.2: CLOSE removes the \Deleted messages without EXPUNGE responses and deselects. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.4.2', title: 'CLOSE Command' };

export default section(citation, [
  rule({
    slug: 'close-expunges-silently',
    level: 'MUST',
    title: 'CLOSE removes the messages flagged \\Deleted, sends no EXPUNGE response, and leaves no mailbox selected',
    sends: 'in a scratch mailbox: APPEND, STORE +FLAGS (\\Deleted) on one, CLOSE, FETCH, SELECT again',
    input: fc.tuple(fc.array(message(), { minLength: 1, maxLength: 4 }), fc.nat()),
    maxRuns: 8,
    check: async (io, [messages, pick]) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        await appendAll(client, name, messages);
        await client.select(name);
        await client.ok(`STORE ${(pick % messages.length) + 1} +FLAGS.SILENT (\\Deleted)`);
        const closed = await client.ok('CLOSE');
        expectEqual('EXPUNGE responses to CLOSE', closed.untagged.filter((r) => r.name === 'EXPUNGE').length, 0);
        expectEqual('completion of FETCH after CLOSE', (await client.command('FETCH 1 (FLAGS)')).tagged.name === 'OK', false);
        expectEqual('messages left after CLOSE', (await client.select(name)).exists, messages.length - 1);
      });
    },
  }),
]);
