import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { nonEmptyListing, stat, uidlAll } from './maildrop-listing.ts';
import { Pop3Client } from './pop3-client.ts';

/**
 * RFC 1939 §6: only QUIT in the TRANSACTION state leads to UPDATE, where the marked messages
 * are removed and the connection closed. A session that ends any other way (dropped
 * connection, timeout) must not remove anything.
 */

const citation = { suite: 'pop3', rfc: 'RFC 1939', section: '6', title: 'The UPDATE State' };

export default section(citation, [
  rule({
    slug: 'dropped-connection-deletes-nothing',
    level: 'MUST',
    title: 'Messages marked with DELE are all still there after the connection drops without QUIT',
    sends: 'a login, DELE of some messages, then the connection is closed (or half-closed) without QUIT; a new session lists the maildrop',
    input: fc.record({ picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), halfClose: fc.boolean() }),
    maxRuns: 15,
    check: async (io, { picks, halfClose }) => {
      const first = await Pop3Client.loggedIn(io);
      const listing = await nonEmptyListing(first);
      const before = await stat(first);
      const ids = await uidlAll(first).catch(() => undefined);
      for (const pick of new Set(picks.map((p) => p % listing.length))) await first.command(`DELE ${listing[pick]?.number}`);
      io.step(halfClose ? 'half-close the connection (FIN) without QUIT' : 'drop the connection without QUIT');
      if (halfClose) {
        first.connection.endWrite();
        await first.connection.waitForClose(500);
      }
      first.close();
      const second = await Pop3Client.loggedIn(io);
      const after = await stat(second);
      expectEqual('messages in the maildrop after the dropped session', after.count, before.count);
      expectEqual('octets in the maildrop after the dropped session', after.size, before.size);
      if (ids) expectEqual('unique-ids after the dropped session', [...(await uidlAll(second)).values()].join(' '), [...ids.values()].join(' '));
      await second.quit();
    },
  }),
  rule({
    slug: 'quit-ends-session',
    level: 'MUST',
    title: 'QUIT in the TRANSACTION state gets +OK (nothing marked) and the server closes the connection',
    sends: 'a login, STAT, QUIT; waits for the close',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await Pop3Client.loggedIn(io);
      await stat(client);
      const reply = await client.quit();
      expectThat(reply.ok, 'QUIT was refused', '+OK', reply.line.text);
      expectThat(await client.connection.waitForClose(), 'the server kept the connection open after QUIT', 'close', 'still open');
    },
  }),
]);
