import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ImapClient } from './imap-client.ts';

/** RFC 3501 §7.1 (§7.1.3): an unknown command or one with bad arguments is answered BAD. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '7.1', title: 'Server Responses - Status Responses' };

export default section(citation, [
  rule({
    slug: 'unknown-command-bad',
    level: 'MUST',
    title: 'A command the server does not know, or with malformed arguments, is answered BAD',
    sends: 'an unknown command name, or FETCH/SELECT with broken arguments',
    input: fc.oneof(
      fc.stringMatching(/^[A-Z]{5,9}$/).filter((w) => !['SELECT', 'EXAMINE', 'CREATE', 'DELETE', 'RENAME', 'SUBSCRIBE', 'STATUS', 'APPEND', 'SEARCH', 'CHECK', 'CLOSE', 'EXPUNGE', 'LOGOUT', 'UNSELECT', 'NAMESPACE', 'ENABLE', 'COMPRESS', 'STARTTLS', 'GETQUOTA', 'SETQUOTA', 'GETACL', 'SETACL', 'MYRIGHTS', 'METADATA', 'NOTIFY', 'SORT', 'THREAD', 'ESEARCH', 'MOVE', 'REPLACE', 'UNAUTHENTICATE'].includes(w)).map((w) => `X${w}`),
      fc.constantFrom('FETCH', 'FETCH 1', 'FETCH 1 (FLAGS', 'FETCH 1:x FLAGS', 'SELECT'),
    ),
    maxRuns: 10,
    check: async (io, command) => {
      const client = await ImapClient.loggedIn(io);
      await client.select('INBOX', true);
      expectEqual(`completion of ${command}`, (await client.command(command)).tagged.name, 'BAD');
    },
  }),
]);
