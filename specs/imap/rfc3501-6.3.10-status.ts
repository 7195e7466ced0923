import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ImapClient } from './imap-client.ts';
import { textOf } from './imap-response.ts';

/** RFC 3501 §6.3.10: STATUS reports a mailbox's counters without selecting it. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.3.10', title: 'STATUS Command' };

export default section(citation, [
  rule({
    slug: 'status-agrees-with-examine',
    level: 'MUST',
    title: 'STATUS MESSAGES, UIDNEXT, UIDVALIDITY and UNSEEN agree with what EXAMINE and SEARCH UNSEEN show',
    sends: 'STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN), EXAMINE INBOX, SEARCH UNSEEN',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await ImapClient.loggedIn(io);
      const status = await client.ok('STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN)');
      const data = status.untagged.find((r) => r.name === 'STATUS')?.values[1];
      const items = new Map<string, number>();
      if (Array.isArray(data)) for (let i = 0; i + 1 < data.length; i += 2) items.set(textOf(data[i])?.toUpperCase() ?? '', Number(textOf(data[i + 1])));
      const examined = await client.select('INBOX', true);
      expectEqual('STATUS MESSAGES vs EXISTS', items.get('MESSAGES'), examined.exists);
      expectEqual('STATUS UIDVALIDITY vs EXAMINE', items.get('UIDVALIDITY'), examined.uidValidity);
      if (examined.uidNext !== undefined) expectEqual('STATUS UIDNEXT vs EXAMINE', items.get('UIDNEXT'), examined.uidNext);
      expectEqual('STATUS UNSEEN vs SEARCH UNSEEN', items.get('UNSEEN'), (await client.search('UNSEEN')).length);
    },
  }),
]);
