import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { encodeQuery, PayloadType } from './gnutella-wire.ts';
import { freshGuid, NeighbourSession } from './neighbour-session.ts';

/**
 * Gnutella 0.6, 2.2.1 "Message Header": a servent passing a message on lowers its TTL by one and
 * raises its hops by one, and a message whose TTL reaches 0 goes no further.
 */

const citation = { suite: 'gnutella', rfc: 'Gnutella Protocol Specification 0.6', section: '2.2.1', title: 'Message Header' };

const flooded = fc.record({ ttl: fc.integer({ min: 2, max: 7 }), hops: fc.integer({ min: 0, max: 5 }), words: fc.constantFrom('zebra', 'quasar nebula', 'no such file') });

async function forwardOnce(io: Parameters<typeof NeighbourSession.several>[0], ttl: number, hops: number, words: string) {
  const [a, b] = await NeighbourSession.several(io, 2);
  const guid = freshGuid();
  await a!.send({ guid, type: PayloadType.query, ttl, hops, payload: encodeQuery(words) }, `a Query for ${JSON.stringify(words)}`);
  return b!.until('the forwarded Query at B', (m) => m.type === PayloadType.query && m.guid.equals(guid));
}

export default section(citation, [
  rule({
    slug: 'ttl-decremented-on-forward',
    level: 'MUST',
    title: 'A forwarded message carries a TTL one lower than it arrived with',
    sends: 'neighbour A sends a Query (TTL 2–7); neighbour B reads the copy',
    input: flooded,
    maxRuns: 15,
    check: async (io, { ttl, hops, words }) => {
      expectEqual('TTL of the forwarded Query', (await forwardOnce(io, ttl, hops, words)).ttl, ttl - 1);
    },
  }),
  rule({
    slug: 'hops-incremented-on-forward',
    level: 'MUST',
    title: 'A forwarded message carries hops one higher than it arrived with',
    sends: 'neighbour A sends a Query; neighbour B reads the copy',
    input: flooded,
    maxRuns: 15,
    check: async (io, { ttl, hops, words }) => {
      expectEqual('hops of the forwarded Query', (await forwardOnce(io, ttl, hops, words)).hops, hops + 1);
    },
  }),
  rule({
    slug: 'ttl-exhausted-not-forwarded',
    level: 'MUST',
    title: 'A message that arrives with TTL 1 (0 once lowered) is not forwarded',
    sends: 'neighbour A sends a Query with TTL 1; neighbour B listens',
    input: fc.constantFrom('zebra', 'quasar nebula'),
    maxRuns: 5,
    check: async (io, words) => {
      const [a, b] = await NeighbourSession.several(io, 2);
      const guid = freshGuid();
      await a!.send({ guid, type: PayloadType.query, ttl: 1, hops: 0, payload: encodeQuery(words) }, 'a Query with TTL 1');
      await b!.expectNone(guid, PayloadType.query, 'the Query with no TTL left');
    },
  }),
]);
