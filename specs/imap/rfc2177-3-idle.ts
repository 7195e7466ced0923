import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { message } from './arbitraries.ts';
import { ImapClient } from './imap-client.ts';
import { appendAll, withScratchMailbox } from './scratch-mailbox.ts';

/**
 * RFC 2177 §3: IDLE is answered with a continuation request; while idling the server may
 * send mailbox updates; DONE ends it with the tagged OK.
 */
const citation = { suite: 'imap', rfc: 'RFC 2177', section: '3', title: 'Specification (IDLE)' };

export default section(citation, [
  rule({
    slug: 'idle-continues-until-done',
    level: 'MUST',
    title: 'IDLE gets a "+" continuation, and DONE ends it with the tagged OK',
    sends: 'SELECT INBOX, IDLE, wait for "+", DONE',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await ImapClient.loggedIn(io);
      const capabilities = (await client.ok('CAPABILITY')).untagged.find((r) => r.name === 'CAPABILITY')?.raw ?? '';
      if (!/\bIDLE\b/i.test(capabilities)) return io.notApplicable('the server does not advertise IDLE');
      await client.select('INBOX');
      io.step('C: t-idle IDLE');
      await client.connection.write('t-idle IDLE\r\n');
      for (;;) {
        const response = await client.read('the continuation request for IDLE');
        expectThat(response.kind !== 'tagged', 'IDLE completed without a continuation request', '+ …', response.raw);
        if (response.kind === 'continuation') break;
      }
      io.step('C: DONE');
      await client.connection.write('DONE\r\n');
      const done = await client.finish('t-idle', 'the completion of IDLE');
      expectEqual('completion of IDLE after DONE', done.tagged.name, 'OK');
    },
  }),
  rule({
    slug: 'idle-reports-new-message',
    level: 'SHOULD',
    title: 'While idling, a message appended by another session is reported as EXISTS without the client asking',
    sends: 'session A selects a scratch mailbox and IDLEs; session B APPENDs; A waits for * n EXISTS, then DONE',
    input: message(),
    maxRuns: 3,
    check: async (io, { octets }) => {
      const watcher = await ImapClient.loggedIn(io);
      await withScratchMailbox(watcher, async (name) => {
        await watcher.select(name);
        await watcher.connection.write('t-idle IDLE\r\n');
        while ((await watcher.read('the continuation request for IDLE')).kind !== 'continuation');
        const writer = await ImapClient.loggedIn(io);
        await appendAll(writer, name, [{ octets }]);
        await writer.logout();
        for (;;) {
          const update = await watcher.read('an EXISTS update during IDLE');
          if (update.name === 'EXISTS') break;
        }
        await watcher.connection.write('DONE\r\n');
        await watcher.finish('t-idle', 'the completion of IDLE');
      });
    },
  }),
]);
