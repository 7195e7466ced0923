import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { tag } from './arbitraries.ts';
import { ImapClient } from './imap-client.ts';
import { readResponse } from './imap-response.ts';

/**
 * RFC 3501 §2.2.2: every server line ends with CRLF; the completion result of a command
 * carries the client's tag.
 */
const citation = { suite: 'imap', rfc: 'RFC 3501', section: '2.2.2', title: 'Server Protocol Sender and Client Protocol Receiver' };

export default section(citation, [
  rule({
    slug: 'lines-end-with-crlf',
    level: 'MUST',
    title: 'Every line the server sends ends with CRLF',
    sends: 'a login, CAPABILITY, LIST, SELECT INBOX, FETCH 1:* (FLAGS UID ENVELOPE), NOOP',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const client = await ImapClient.loggedIn(io);
      await client.ok('CAPABILITY');
      await client.ok('LIST "" "*"');
      const selected = await client.select('INBOX');
      if (selected.exists > 0) await client.ok('FETCH 1:* (FLAGS UID ENVELOPE)');
      await client.ok('NOOP');
      const bare = client.received.find((r) => !r.crlf);
      expectThat(bare === undefined, 'a response line ended with a bare LF', 'CRLF', JSON.stringify(bare?.raw.slice(0, 80)));
    },
  }),
  rule({
    slug: 'completion-carries-client-tag',
    level: 'MUST',
    title: "The tagged completion of a command carries exactly the client's tag",
    sends: 'NOOP, CAPABILITY or LOGIN with a generated tag',
    input: fc.record({ tag: tag(), command: fc.constantFrom('NOOP', 'CAPABILITY', 'LOGIN "x" "y"') }),
    check: async (io, { tag: chosen, command }) => {
      const client = await ImapClient.connect(io);
      io.step(`C: ${chosen} ${command}`);
      await client.connection.write(`${chosen} ${command}\r\n`);
      for (;;) {
        const response = await readResponse(client.connection, `the completion of ${command}`, 64 * 1024);
        if (response.kind !== 'tagged') continue;
        expectEqual('tag of the completion result', response.tag, chosen);
        return;
      }
    },
  }),
]);
