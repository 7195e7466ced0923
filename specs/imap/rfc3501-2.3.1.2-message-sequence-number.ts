import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ImapClient } from './imap-client.ts';

/** RFC 3501 §2.3.1.2: sequence numbers run from 1 to the number of messages, without gaps. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '2.3.1.2', title: 'Message Sequence Number Message Attribute' };

export default section(citation, [
  rule({
    slug: 'sequence-numbers-contiguous',
    level: 'MUST',
    title: 'FETCH 1:* answers for exactly the sequence numbers 1 … EXISTS',
    sends: 'a login, SELECT INBOX, FETCH 1:* (FLAGS)',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await ImapClient.loggedIn(io);
      const selected = await client.select('INBOX');
      if (selected.exists === 0) return io.notApplicable('INBOX is empty');
      const numbers = [...(await client.fetch('1:*', '(FLAGS)')).keys()].sort((a, b) => a - b);
      expectEqual('sequence numbers of FETCH 1:*', numbers.join(' '), Array.from({ length: selected.exists }, (_, i) => i + 1).join(' '));
    },
  }),
]);
