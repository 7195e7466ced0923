import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { ImapClient } from './imap-client.ts';
import { textOf } from './imap-response.ts';

/** RFC 3501 §6.1.1–§6.1.3: CAPABILITY, NOOP and LOGOUT work in every state. */

export default [
  ...section({ suite: 'imap', rfc: 'RFC 3501', section: '6.1.1', title: 'CAPABILITY Command' }, [
    rule({
      slug: 'capability-lists-imap4rev1',
      level: 'MUST',
      title: 'CAPABILITY answers one untagged CAPABILITY response that lists IMAP4rev1, then OK',
      sends: 'CAPABILITY before or after login',
      input: fc.boolean(),
      maxRuns: 4,
      check: async (io, loggedIn) => {
        const client = loggedIn ? await ImapClient.loggedIn(io) : await ImapClient.connect(io);
        const result = await client.ok('CAPABILITY');
        const responses = result.untagged.filter((r) => r.name === 'CAPABILITY');
        expectEqual('untagged CAPABILITY responses', responses.length, 1);
        const words = (responses[0]?.values ?? []).map((v) => textOf(v)?.toUpperCase());
        expectThat(words.includes('IMAP4REV1'), 'CAPABILITY does not list IMAP4rev1', 'IMAP4rev1 among the capabilities', words.join(' '));
      },
    }),
  ]),
  ...section({ suite: 'imap', rfc: 'RFC 3501', section: '6.1.2', title: 'NOOP Command' }, [
    rule({
      slug: 'noop-succeeds',
      level: 'MUST',
      title: 'NOOP succeeds with OK in every state',
      sends: 'NOOP before login, after login, and with INBOX selected',
      input: fc.constantFrom('connected', 'authenticated', 'selected'),
      maxRuns: 6,
      check: async (io, state) => {
        const client = state === 'connected' ? await ImapClient.connect(io) : await ImapClient.loggedIn(io);
        if (state === 'selected') await client.select('INBOX');
        const result = await client.command('NOOP');
        expectEqual(`completion of NOOP (${state})`, result.tagged.name, 'OK');
      },
    }),
  ]),
  ...section({ suite: 'imap', rfc: 'RFC 3501', section: '6.1.3', title: 'LOGOUT Command' }, [
    rule({
      slug: 'logout-bye-before-ok',
      level: 'MUST',
      title: 'LOGOUT is answered with an untagged BYE before the tagged OK, then the server closes',
      sends: 'LOGOUT before or after login',
      input: fc.boolean(),
      maxRuns: 4,
      check: async (io, loggedIn) => {
        const client = loggedIn ? await ImapClient.loggedIn(io) : await ImapClient.connect(io);
        const result = await client.command('LOGOUT');
        expectEqual('completion of LOGOUT', result.tagged.name, 'OK');
        expectThat(result.untagged.some((r) => r.name === 'BYE'), 'no untagged BYE before the OK of LOGOUT', '* BYE …', result.untagged.map((r) => r.raw).join(' | ') || 'nothing');
        expectThat(await client.connection.waitForClose(), 'the server kept the connection open after LOGOUT', 'close', 'open');
      },
    }),
  ]),
];
