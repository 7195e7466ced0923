import fc from 'fast-check';
import { expectBytesEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { bytesOtherThanLowercase, clientTags, expectedUppercase, printableText } from './arbitraries.ts';

/**
 * The course's TCP socket app (Kurose & Ross, §2.7.2): the client sends one line; the server
 * answers it with ASCII letters uppercased and every other byte unchanged, then closes the
 * connection. A message is at most 1024 bytes, the server's receive buffer.
 */

const citation = { suite: 'echo-tcp', rfc: 'Kurose & Ross, Computer Networking', section: '2.7.2', title: 'Socket programming with TCP' };

async function exchange(io: RunIO, message: Buffer): Promise<Buffer> {
  const connection = await io.tcp();
  io.step(`connect, send ${JSON.stringify(message.toString('latin1'))}`);
  await connection.write(message);
  return connection.readExactly(message.length, `the ${message.length}-byte answer`);
}

export default section(citation, [
  rule({
    slug: 'uppercase-ascii-letters',
    level: 'MUST',
    title: 'Every ASCII letter of the line comes back uppercased, in place',
    sends: 'one line of printable ASCII',
    input: printableText(200),
    check: async (io, text) => {
      const message = Buffer.from(`${text}\n`, 'latin1');
      expectBytesEqual('answer', await exchange(io, message), expectedUppercase(message));
    },
  }),
  rule({
    slug: 'other-bytes-unchanged',
    level: 'MUST',
    title: 'Bytes other than a–z (digits, punctuation, control and non-ASCII bytes) come back unchanged',
    sends: 'one line of arbitrary bytes without a–z',
    input: bytesOtherThanLowercase(200, false),
    check: async (io, bytes) => {
      const message = Buffer.concat([Buffer.from(bytes), Buffer.from('\n')]);
      expectBytesEqual('answer', await exchange(io, message), message);
    },
  }),
  rule({
    slug: 'close-after-reply',
    level: 'MUST',
    title: 'The server closes the connection after answering',
    sends: 'one line, then waits for the server to close',
    input: printableText(40),
    maxRuns: 20,
    check: async (io, text) => {
      const connection = await io.tcp();
      const message = Buffer.from(`${text}\n`, 'latin1');
      await connection.write(message);
      await connection.readExactly(message.length, 'the answer');
      io.step('read the answer, wait for the server to close');
      const closed = await connection.waitForClose();
      expectThat(closed, 'the server kept the connection open after answering', 'connection closed (FIN) after the answer', 'still open');
      expectThat(connection.pending.length === 0, 'the server sent bytes after the answer', 'nothing after the answer', `${connection.pending.length} more bytes`);
    },
  }),
  rule({
    slug: 'whole-1024-byte-message',
    level: 'MUST',
    title: 'A message filling the 1024-byte buffer is answered whole',
    sends: 'one line of exactly 1024 bytes',
    input: fc.string({ unit: 'grapheme-ascii', minLength: 1023, maxLength: 1023 }),
    maxRuns: 20,
    check: async (io, text) => {
      const message = Buffer.from(`${text}\n`, 'latin1');
      expectBytesEqual('answer', await exchange(io, message), expectedUppercase(message));
    },
  }),
  rule({
    slug: 'empty-line-answered',
    level: 'MUST',
    title: 'An empty line is answered with an empty line',
    sends: 'a lone LF',
    input: fc.constant('\n'),
    maxRuns: 3,
    check: async (io, text) => {
      const message = Buffer.from(text, 'latin1');
      expectBytesEqual('answer', await exchange(io, message), message);
    },
  }),
  rule({
    slug: 'concurrent-clients',
    level: 'MUST',
    title: 'Clients connected at once each get the answer to their own line',
    sends: '2–8 connections opened together, lines sent in reverse order',
    input: clientTags(2, 8),
    maxRuns: 30,
    check: async (io, tags) => {
      const connections = await Promise.all(tags.map(() => io.tcp()));
      io.step(`open ${tags.length} connections, send ${tags.map((t) => JSON.stringify(t)).join(', ')} from last to first`);
      for (let i = tags.length - 1; i >= 0; i--) await connections[i]?.write(`${tags[i]}\n`);
      const answers = await Promise.all(connections.map((c, i) => c.readExactly(`${tags[i]}\n`.length, `the answer to client ${i}`)));
      answers.forEach((answer, i) => expectBytesEqual(`answer to client ${i}`, answer, Buffer.from(`${tags[i]}\n`)));
    },
  }),
  rule({
    slug: 'survives-vanished-client',
    level: 'MUST',
    title: 'A client that vanishes mid-line (close or reset) leaves nothing behind: the next client is served exactly',
    sends: 'a partial line then close or reset; then a full line from a new client',
    input: fc.record({ partial: fc.string({ unit: 'grapheme-ascii', maxLength: 30 }), reset: fc.boolean(), next: fc.integer({ min: 0, max: 99999 }) }),
    maxRuns: 30,
    check: async (io, { partial, reset, next }) => {
      const vanishing = await io.tcp();
      if (partial.length > 0) await vanishing.write(partial);
      io.step(`client 1 sends ${JSON.stringify(partial)} without LF, then ${reset ? 'resets' : 'closes'}`);
      if (reset) vanishing.close();
      else vanishing.endWrite();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const message = Buffer.from(`${next}\n`);
      expectBytesEqual('answer to the next client', await exchange(io, message), message);
    },
  }),
]);
