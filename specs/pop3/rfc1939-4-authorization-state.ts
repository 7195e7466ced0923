import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { wrongPassword } from './arbitraries.ts';
import { credentials } from './credentials.ts';
import { expectStillLoggedOut, listAll } from './maildrop-listing.ts';
import { Pop3Client } from './pop3-client.ts';

/**
 * RFC 1939 §4: the greeting is a positive reply; a client must authenticate before any access
 * to the maildrop; on success the server locks the maildrop for this session alone and numbers
 * its messages 1…n; QUIT in this state just ends the session.
 */

/** How long the second session's PASS may wait for the lock before the server must refuse. */
const lockWaitMs = 15_000;

const citation = { suite: 'pop3', rfc: 'RFC 1939', section: '4', title: 'The AUTHORIZATION State' };

export default section(citation, [
  rule({
    slug: 'greeting-is-positive',
    level: 'MUST',
    title: 'The server greets a new connection with one positive (+OK) line',
    sends: 'nothing: connects and reads the greeting',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await Pop3Client.connect(io);
      expectThat(client.greeting.ok, 'the greeting is not a positive reply', '+OK …', client.greeting.line.text);
      await client.quit();
    },
  }),
  rule({
    slug: 'wrong-password-refused',
    level: 'MUST',
    title: 'A wrong password gets -ERR and leaves the session without access to the maildrop',
    sends: 'USER with the test user, PASS with a wrong password, then STAT',
    input: (setup) => wrongPassword(credentials(setup.options).pass),
    maxRuns: 10, // a server may delay every refused login (Dovecot: 0.5 s at least)
    check: async (io, password) => {
      const client = await Pop3Client.connect(io);
      const reply = await client.login(credentials(io.options).user, password);
      expectThat(!reply.ok, 'a wrong password was accepted', '-ERR', reply.line.text);
      await expectStillLoggedOut(client, 'a refused login');
    },
  }),
  rule({
    slug: 'unknown-user-refused',
    level: 'MUST',
    title: 'A user name that has no maildrop cannot log in, whatever the password',
    sends: 'USER with a name no server has, PASS with a password, then STAT',
    input: fc.tuple(fc.stringMatching(/^[a-z]{6,12}$/), fc.constantFrom('', '-x')).map(([name, suffix]) => `nosuchuser-${name}${suffix}`),
    maxRuns: 10, // a server may delay every refused login (Dovecot: 0.5 s at least)
    check: async (io, name) => {
      const client = await Pop3Client.connect(io);
      const reply = await client.login(name, credentials(io.options).pass || 'secret');
      expectThat(!reply.ok, `the unknown user ${name} logged in`, '-ERR', reply.line.text);
      await expectStillLoggedOut(client, 'a refused login');
    },
  }),
  rule({
    slug: 'maildrop-locked-for-one-session',
    level: 'MUST',
    title: 'While one session holds the maildrop, a second login to it is refused with -ERR',
    sends: 'session 1 logs in; session 2 logs in as the same user; session 1 quits',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const { user, pass } = credentials(io.options);
      const first = await Pop3Client.loggedIn(io);
      const second = await Pop3Client.connect(io);
      // A server may wait a while for the lock to come free before it refuses (Dovecot: 10 s).
      const reply = await second.login(user, pass, Math.max(io.limits.readTimeoutMs, lockWaitMs));
      expectThat(!reply.ok, 'a second session opened a maildrop another session holds', '-ERR (maildrop in use)', reply.line.text);
      second.close(); // after refusing, the server may close the connection itself (§4)
      await first.quit();
    },
  }),
  rule({
    slug: 'messages-numbered-from-one',
    level: 'MUST',
    title: 'The messages of the maildrop are numbered 1, 2, …, n, listed in that order',
    sends: 'a login, then LIST',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await Pop3Client.loggedIn(io);
      const numbers = (await listAll(client)).map((l) => l.number);
      expectEqual('message numbers of LIST', numbers.join(' '), numbers.map((_, i) => i + 1).join(' '));
      await client.quit();
    },
  }),
  rule({
    slug: 'quit-before-login-ends-session',
    level: 'MUST',
    title: 'QUIT in the AUTHORIZATION state gets +OK and the server closes the connection',
    sends: 'QUIT right after the greeting (or after USER)',
    input: fc.boolean(),
    maxRuns: 4,
    check: async (io, afterUser) => {
      const client = await Pop3Client.connect(io);
      if (afterUser) await client.command(`USER ${credentials(io.options).user}`);
      const reply = await client.quit();
      expectThat(reply.ok, 'QUIT was refused', '+OK', reply.line.text);
      expectThat(await client.connection.waitForClose(), 'the server kept the connection open after QUIT', 'close', 'still open');
    },
  }),
]);
