import { expectEqual, expectOneOf } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { credentials } from '../pop3/credentials.ts';
import { wrongPassword } from '../pop3/arbitraries.ts';
import { ImapClient, quote } from './imap-client.ts';

/** RFC 3501 §6.2.3: LOGIN with a wrong password is refused with NO and leaves the session unauthenticated. */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '6.2.3', title: 'LOGIN Command' };

export default section(citation, [
  rule({
    slug: 'wrong-password-refused',
    level: 'MUST',
    title: 'LOGIN with a wrong password gets NO, and SELECT afterwards is still refused',
    sends: 'LOGIN with the test user and a wrong password, then SELECT INBOX',
    input: (setup) => wrongPassword(credentials(setup.options).pass),
    maxRuns: 10,
    check: async (io, password) => {
      const client = await ImapClient.connect(io);
      const result = await client.command(['LOGIN ', quote(credentials(io.options).user), ' ', quote(password)]);
      expectEqual('completion of LOGIN with a wrong password', result.tagged.name, 'NO');
      const select = await client.command('SELECT INBOX');
      expectOneOf('completion of SELECT after a refused LOGIN', select.tagged.name, ['NO', 'BAD']);
    },
  }),
]);
