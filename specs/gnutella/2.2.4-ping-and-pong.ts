import fc from 'fast-check';
import { rule, section } from '../../harness/core/rule.ts';
import { PayloadType, encodePong } from './gnutella-wire.ts';
import { NeighbourSession, freshGuid } from './neighbour-session.ts';

/**
 * Gnutella 0.6, 2.2.4 "Use of Ping and Pong messages": a Pong carries the GUID of the Ping it
 * answers and travels back only along the path that Ping came by.
 */

const citation = { suite: 'gnutella', rfc: 'Gnutella Protocol Specification 0.6', section: '2.2.4', title: 'Use of Ping and Pong messages' };

export default section(citation, [
  rule({
    slug: 'pong-carries-ping-guid',
    level: 'MUST',
    title: "The servent answers a Ping with a Pong carrying that Ping's GUID",
    sends: 'A sends a Ping (TTL 1–7)',
    input: fc.integer({ min: 1, max: 7 }),
    maxRuns: 10,
    check: async (io, ttl) => {
      const [a] = await NeighbourSession.several(io, 1);
      const guid = freshGuid();
      await a!.send({ guid, type: PayloadType.ping, ttl, hops: 0, payload: Buffer.alloc(0) }, 'a Ping');
      await a!.until("a Pong with the Ping's GUID", (m) => m.type === PayloadType.pong && m.guid.equals(guid));
    },
  }),
  rule({
    slug: 'pong-routed-back-only',
    level: 'MUST',
    title: 'A Pong from a neighbour goes back only towards the Ping it answers, not to other neighbours',
    sends: 'A sends a Ping; B answers with a Pong; C listens',
    input: fc.integer({ min: 2, max: 7 }),
    maxRuns: 10,
    check: async (io, ttl) => {
      const [a, b, c] = await NeighbourSession.several(io, 3);
      const guid = freshGuid();
      await a!.send({ guid, type: PayloadType.ping, ttl, hops: 0, payload: Buffer.alloc(0) }, 'a Ping');
      await b!.until('the forwarded Ping at B', (m) => m.type === PayloadType.ping && m.guid.equals(guid));
      const pong = encodePong({ port: 6346, ip: '127.0.0.2', files: 1, kilobytes: 1 });
      await b!.send({ guid, type: PayloadType.pong, ttl: 4, hops: 0, payload: pong }, 'a Pong for that Ping');
      await c!.expectNone(guid, PayloadType.pong, 'the Pong (off the reverse path)');
    },
  }),
]);
