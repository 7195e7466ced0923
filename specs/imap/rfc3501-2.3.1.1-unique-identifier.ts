import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { message } from './arbitraries.ts';
import { ImapClient, quote } from './imap-client.ts';
import { textOf } from './imap-response.ts';
import { mailboxCommands } from './mailbox-model.ts';
import { appendAll, withScratchMailbox } from './scratch-mailbox.ts';

/**
 * RFC 3501 §2.3.1.1: UIDs ascend with the sequence numbers, are never reused in a mailbox
 * while UIDVALIDITY stays the same, and stay with their message from session to session.
 */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '2.3.1.1', title: 'Unique Identifier (UID) Message Attribute' };

export default section(citation, [
  rule({
    slug: 'uids-ascend-with-sequence-numbers',
    level: 'MUST',
    title: 'UIDs strictly ascend with the sequence numbers',
    sends: 'a login, SELECT INBOX, FETCH 1:* (UID)',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await ImapClient.loggedIn(io);
      const selected = await client.select('INBOX');
      if (selected.exists === 0) return io.notApplicable('INBOX is empty');
      const uids = [...(await client.fetch('1:*', '(UID)')).entries()].sort(([a], [b]) => a - b).map(([, f]) => Number(textOf(f.get('UID'))));
      uids.forEach((uid, i) => {
        if (i > 0) expectThat(uid > (uids[i - 1] as number), `UID of message ${i + 1} is not above that of message ${i}`, `> ${uids[i - 1]}`, String(uid));
      });
    },
  }),
  rule({
    slug: 'uids-stable-across-sessions',
    level: 'MUST',
    title: 'With the same UIDVALIDITY, a second session sees the same UID for each message',
    sends: 'two sessions one after the other, each EXAMINE INBOX and FETCH 1:* (UID)',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const look = async (): Promise<string> => {
        const client = await ImapClient.loggedIn(io);
        const selected = await client.select('INBOX', true);
        const uids = selected.exists === 0 ? [] : [...(await client.fetch('1:*', '(UID)')).values()].map((f) => textOf(f.get('UID')));
        await client.logout();
        return `${selected.uidValidity}: ${uids.join(' ')}`;
      };
      const first = await look();
      expectEqual('UIDVALIDITY and UIDs in a second session', await look(), first);
    },
  }),
  rule({
    slug: 'uids-not-reused-after-expunge',
    level: 'MUST',
    title: 'A message appended after an EXPUNGE gets a UID above every UID the mailbox ever gave',
    sends: 'in a scratch mailbox: APPEND messages, EXPUNGE the last, APPEND again, FETCH UID',
    input: fc.array(message(), { minLength: 2, maxLength: 4 }),
    maxRuns: 10,
    check: async (io, messages) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        await appendAll(client, name, messages.slice(0, -1));
        const selected = await client.select(name);
        const highest = Math.max(...[...(await client.fetch('1:*', '(UID)')).values()].map((f) => Number(textOf(f.get('UID')))));
        await client.ok(`STORE ${selected.exists} +FLAGS.SILENT (\\Deleted)`);
        await client.ok('EXPUNGE');
        await appendAll(client, name, messages.slice(-1));
        await client.ok('NOOP');
        const after = await client.fetch('*', '(UID)');
        const uid = Number(textOf([...after.values()][0]?.get('UID')));
        expectThat(uid > highest, 'the new message reuses a UID the mailbox gave before', `a UID above ${highest}`, String(uid));
      });
    },
  }),
  rule({
    slug: 'mailbox-model',
    level: 'MUST',
    title: 'APPEND, STORE, EXPUNGE and FETCH keep the sequence-number ↔ UID map, the flags and UIDVALIDITY as the model says',
    sends: 'in a scratch mailbox: a generated sequence of APPEND, STORE ±FLAGS, EXPUNGE, NOOP, each followed by FETCH 1:* (UID FLAGS)',
    input: mailboxCommands(10),
    maxRuns: 15,
    check: async (io, commands) => {
      const client = await ImapClient.loggedIn(io);
      await withScratchMailbox(client, async (name) => {
        const selected = await client.select(name);
        await fc.asyncModelRun(() => ({ model: { messages: [], uidValidity: selected.uidValidity, highestUid: 0 }, real: { client, mailbox: name } }), commands);
        await client.command(['STATUS ', quote(name), ' (UIDVALIDITY)']);
      });
    },
  }),
]);
