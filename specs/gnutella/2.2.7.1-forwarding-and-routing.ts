import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { type Message, PayloadType, encodeQuery, encodeQueryHit } from './gnutella-wire.ts';
import { NeighbourSession, freshGuid, quietMs } from './neighbour-session.ts';

/**
 * Gnutella 0.6, 2.2.7.1 "Forwarding and routing of Query and Query Hit messages": a Query goes
 * to every neighbour but the one it came from, a Query seen before (same GUID) is dropped, and a
 * Query Hit travels back only along the path its Query came by — a Query Hit for a Query never
 * seen is dropped.
 */

const citation = { suite: 'gnutella', rfc: 'Gnutella Protocol Specification 0.6', section: '2.2.7.1', title: 'Forwarding and routing of Query and Query Hit messages' };

const query = (guid: Buffer, words: string): Message => ({ guid, type: PayloadType.query, ttl: 4, hops: 0, payload: encodeQuery(words) });
const queryHit = (guid: Buffer): Message => ({
  guid,
  type: PayloadType.queryHit,
  ttl: 4,
  hops: 0,
  payload: encodeQueryHit({ port: 6346, ip: '127.0.0.2', results: [{ index: 1, size: 1000, name: 'harness answer.txt' }], serventId: freshGuid() }),
});
const words = fc.constantFrom('zebra', 'quasar nebula', 'harness answer');

/** A sends a Query; B and C are the other neighbours and both receive it. */
async function queryAtB(io: Parameters<typeof NeighbourSession.several>[0], text: string) {
  const [a, b, c] = await NeighbourSession.several(io, 3);
  const guid = freshGuid();
  await a!.send(query(guid, text), `a Query for ${JSON.stringify(text)}`);
  await b!.until('the forwarded Query at B', (m) => m.type === PayloadType.query && m.guid.equals(guid));
  return { a: a!, b: b!, c: c!, guid };
}

export default section(citation, [
  rule({
    slug: 'query-reaches-every-other-neighbour',
    level: 'MUST',
    title: 'A Query is forwarded to every neighbour other than the one it came from',
    sends: 'A sends a Query; B and C each wait for it',
    input: words,
    maxRuns: 10,
    check: async (io, text) => {
      const [a, b, c] = await NeighbourSession.several(io, 3);
      const guid = freshGuid();
      await a!.send(query(guid, text), `a Query for ${JSON.stringify(text)}`);
      for (const neighbour of [b!, c!]) await neighbour.until(`the Query at ${neighbour.name}`, (m) => m.type === PayloadType.query && m.guid.equals(guid));
    },
  }),
  rule({
    slug: 'query-not-returned-to-sender',
    level: 'MUST',
    title: 'A Query is not sent back to the neighbour it came from',
    sends: 'A sends a Query and listens for its own GUID',
    input: words,
    maxRuns: 10,
    check: async (io, text) => {
      const { a, guid } = await queryAtB(io, text);
      await a.expectNone(guid, PayloadType.query, 'the Query (back at its sender)');
    },
  }),
  rule({
    slug: 'duplicate-query-dropped',
    level: 'MUST',
    title: 'A Query whose GUID was seen before is dropped, from whichever neighbour it comes',
    sends: 'A sends a Query; C sends the same GUID again; B must get one copy',
    input: words,
    maxRuns: 10,
    check: async (io, text) => {
      const { b, c, guid } = await queryAtB(io, text);
      await c.send(query(guid, text), 'the same Query (same GUID)');
      await b.collect(quietMs(io, 0.2));
      const copies = b.carrying(guid, PayloadType.query).length;
      expectThat(copies === 1, `B received the Query ${copies} times`, 'once', String(copies));
    },
  }),
  rule({
    slug: 'query-hit-reaches-query-origin',
    level: 'MUST',
    title: 'A Query Hit answering a forwarded Query is passed back to the neighbour the Query came from',
    sends: 'A sends a Query; B answers it with a Query Hit; A waits for it',
    input: words,
    maxRuns: 10,
    check: async (io, text) => {
      const { a, b, guid } = await queryAtB(io, text);
      await b.send(queryHit(guid), 'a Query Hit for that Query');
      await a.until('the Query Hit at A', (m) => m.type === PayloadType.queryHit && m.guid.equals(guid) && m.payload.includes('harness answer'));
    },
  }),
  rule({
    slug: 'query-hit-not-sent-elsewhere',
    level: 'MUST',
    title: 'A Query Hit goes only back along the reverse path, to no other neighbour',
    sends: 'A sends a Query; B answers; C listens for the Query Hit',
    input: words,
    maxRuns: 10,
    check: async (io, text) => {
      const { b, c, guid } = await queryAtB(io, text);
      await b.send(queryHit(guid), 'a Query Hit for that Query');
      await c.expectNone(guid, PayloadType.queryHit, 'the Query Hit (off the reverse path)');
    },
  }),
  rule({
    slug: 'unknown-query-hit-dropped',
    level: 'MUST',
    title: 'A Query Hit whose GUID belongs to no Query the servent saw is dropped',
    sends: 'B sends a Query Hit with a fresh GUID; A and C listen',
    input: fc.constant(null),
    maxRuns: 5,
    check: async (io) => {
      const [a, b, c] = await NeighbourSession.several(io, 3);
      const guid = freshGuid();
      await b!.send(queryHit(guid), 'a Query Hit nobody asked for');
      await Promise.all([a!, c!].map((n) => n.expectNone(guid, PayloadType.queryHit, 'the unrequested Query Hit')));
    },
  }),
]);
