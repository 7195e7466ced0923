import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { bytesOtherThanLowercase, clientTags, expectedUppercase, printableText } from './arbitraries.ts';

/**
 * The course's UDP socket app (Kurose & Ross, §2.7.1): each datagram is answered with one
 * datagram, its ASCII letters uppercased, sent from the server's port to the address and port
 * the request came from (RFC 768: the source port is where a reply goes). The server's receive
 * buffer is 2048 bytes.
 */

const citation = { suite: 'echo-udp', rfc: 'Kurose & Ross, Computer Networking', section: '2.7.1', title: 'Socket programming with UDP' };

async function exchange(io: RunIO, message: Uint8Array): Promise<Buffer> {
  const socket = await io.udp();
  io.step(`send datagram ${JSON.stringify(Buffer.from(message).toString('latin1'))}`);
  await socket.send(message, io.target);
  return (await socket.receive('the answering datagram', { maxBytes: 65535 })).data;
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) names the same host as 127.0.0.1. */
const sameHost = (a: string, b: string): boolean => a.replace(/^::ffff:/, '') === b.replace(/^::ffff:/, '');

export default section(citation, [
  rule({
    slug: 'uppercase-ascii-letters',
    level: 'MUST',
    title: 'Every ASCII letter of the datagram comes back uppercased, in place',
    sends: 'one datagram of printable ASCII',
    input: printableText(200),
    check: async (io, text) => {
      const message = Buffer.from(text, 'latin1');
      expectBytesEqual('answer', await exchange(io, message), expectedUppercase(message));
    },
  }),
  rule({
    slug: 'other-bytes-unchanged',
    level: 'MUST',
    title: 'Bytes other than a–z (digits, punctuation, control and non-ASCII bytes) come back unchanged',
    sends: 'one datagram of arbitrary bytes without a–z',
    input: bytesOtherThanLowercase(200, true),
    check: async (io, bytes) => {
      expectBytesEqual('answer', await exchange(io, bytes), bytes);
    },
  }),
  rule({
    slug: 'reply-from-server-port',
    level: 'MUST',
    title: "The answer comes from the address and port the request was sent to, to the client's source port",
    sends: 'one datagram; compares the answer\'s source with the target',
    input: printableText(20),
    maxRuns: 20,
    check: async (io, text) => {
      const socket = await io.udp();
      await socket.send(text, io.target);
      const answer = await socket.receive('the answering datagram');
      io.step(`send ${JSON.stringify(text)}; answer came from ${answer.from.host}:${answer.from.port}`);
      expectEqual('source port of the answer', answer.from.port, io.target.port);
      expectThat(sameHost(answer.from.host, io.target.host), 'the answer came from another address', io.target.host, answer.from.host);
    },
  }),
  rule({
    slug: 'datagram-up-to-2048-bytes',
    level: 'MUST',
    title: 'A datagram of up to 2048 bytes (the receive buffer) is answered whole',
    sends: 'one datagram of 1025–2048 bytes',
    input: fc.integer({ min: 1025, max: 2048 }).chain((n) => fc.string({ unit: 'grapheme-ascii', minLength: n, maxLength: n })),
    maxRuns: 20,
    check: async (io, text) => {
      const message = Buffer.from(text, 'latin1');
      expectBytesEqual('answer', await exchange(io, message), expectedUppercase(message));
    },
  }),
  rule({
    slug: 'empty-datagram-answered',
    level: 'SHOULD',
    title: 'An empty datagram is answered with an empty datagram',
    sends: 'a datagram with no payload',
    input: fc.constant(new Uint8Array(0)),
    maxRuns: 3,
    check: async (io, empty) => {
      expectBytesEqual('answer', await exchange(io, empty), empty);
    },
  }),
  rule({
    slug: 'one-reply-per-datagram',
    level: 'MUST',
    title: 'Each datagram gets exactly one answer, and nobody who sent nothing gets anything',
    sends: 'one datagram from one socket while a second socket stays silent',
    input: fc.integer({ min: 0, max: 999_999 }).map(String),
    maxRuns: 10,
    check: async (io, text) => {
      const bystander = await io.udp();
      const client = await io.udp();
      await client.send(text, io.target);
      io.step(`send ${JSON.stringify(text)} from one socket; a second socket sends nothing; listen 200 ms more`);
      const first = await client.receive('the answering datagram');
      await settle(200);
      // Digits are their own uppercase, so every answer to this datagram reads `text`. Only those
      // are counted: on a loaded machine a late answer to an earlier run can reach a socket that
      // got the same port number, and it carries other digits.
      const answer = (datagram: { data: Buffer }): boolean => datagram.data.toString('latin1') === text;
      const answers = (answer(first) ? 1 : 0) + (await client.collectFor(0)).filter(answer).length;
      const stray = (await bystander.collectFor(0)).filter(answer).length;
      expectEqual('answers to the client', answers, 1);
      expectEqual('answers to a socket that sent nothing', stray, 0);
    },
  }),
  rule({
    slug: 'replies-to-each-sender',
    level: 'MUST',
    title: 'Datagrams from several clients at once are each answered to their own sender',
    sends: '2–8 sockets send distinct datagrams together',
    input: clientTags(2, 8),
    maxRuns: 30,
    check: async (io, tags) => {
      const sockets = await Promise.all(tags.map(() => io.udp()));
      io.step(`${tags.length} sockets send ${tags.map((t) => JSON.stringify(t)).join(', ')} at once`);
      await Promise.all(sockets.map((s, i) => s.send(tags[i] ?? '', io.target)));
      const answers = await Promise.all(sockets.map((s, i) => s.receive(`the answer to client ${i}`)));
      answers.forEach((answer, i) => expectBytesEqual(`answer to client ${i}`, answer.data, Buffer.from(tags[i] ?? '')));
    },
  }),
]);
