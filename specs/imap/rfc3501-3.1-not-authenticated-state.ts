import fc from 'fast-check';
import { expectOneOf } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ImapClient } from './imap-client.ts';

/** RFC 3501 §3.1: before authentication, no command that touches a mailbox is allowed. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '3.1', title: 'Not Authenticated State' };

export default section(citation, [
  rule({
    slug: 'no-mailbox-access-before-login',
    level: 'MUST',
    title: 'Before login, every command that would touch a mailbox is refused with NO or BAD',
    sends: 'SELECT, EXAMINE, STATUS, LIST, CREATE, APPEND, FETCH or SEARCH right after the greeting',
    input: fc.constantFrom('SELECT INBOX', 'EXAMINE INBOX', 'STATUS INBOX (MESSAGES)', 'LIST "" "*"', 'CREATE rfcheck-never', 'DELETE INBOX', 'FETCH 1 BODY[]', 'UID FETCH 1:* FLAGS', 'SEARCH ALL'),
    maxRuns: 15,
    check: async (io, command) => {
      const client = await ImapClient.connect(io);
      const result = await client.command(command);
      expectOneOf(`completion of ${command} before login`, result.tagged.name, ['NO', 'BAD']);
      const leaked = result.untagged.find((r) => ['EXISTS', 'FETCH', 'LIST', 'STATUS', 'SEARCH'].includes(r.name));
      expectOneOf('mailbox data sent before login', leaked?.raw ?? 'none', ['none']);
    },
  }),
]);
