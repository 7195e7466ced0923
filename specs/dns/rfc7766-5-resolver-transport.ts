import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { Intercept } from './fake-hierarchy.ts';
import { a, addressSet, addressesIn, askResolver, freshZones, nonce, withHierarchy } from './resolver-scenario.ts';

/**
 * RFC 7766 §5: DNS implementations support TCP as well as UDP. A resolver that gets a truncated
 * (TC) answer over UDP asks again over TCP, and it answers hosts that ask over TCP.
 */

const citation = { suite: 'dns-resolver', rfc: 'RFC 7766', section: '5', title: 'Transport Protocol Selection' };

export default section(citation, [
  rule({
    slug: 'retries-over-tcp-on-tc',
    level: 'MUST',
    title: "When the zone's server answers over UDP with TC set, the resolver asks again over TCP and returns the whole answer",
    sends: "a recursive query; the zone's server truncates every UDP answer for the name (TC, no records)",
    input: fc.tuple(nonce, addressSet),
    maxRuns: 5,
    check: async (io, [n, addresses]) => {
      const { tld, zone } = freshZones(n);
      const name = `big.${zone}`;
      const intercept: Intercept = (role, _q, transport, answer) =>
        role === 'auth' && transport === 'udp' && answer.answers?.some((r) => r.name.toLowerCase() === name) ? { ...answer, flags: (answer.flags ?? 0) | 0x0200, answers: [], authorities: [], additionals: [] } : answer;
      await withHierarchy(io, { tld, zones: { [zone]: addresses.map((ip) => a(name, ip, 300)) }, negativeTtl: 30, intercept }, async (hierarchy) => {
        const reply = await askResolver(io, { name, type: 'A' });
        io.step(`TCP queries that reached the zone's server: ${hierarchy.queriesTo('auth', name).filter((q) => q.transport === 'tcp').length}`);
        expectEqual('addresses in the answer', addressesIn(reply).join(', '), [...addresses].sort().join(', '));
      });
    },
  }),
  rule({
    slug: 'answers-over-tcp',
    level: 'MUST',
    title: 'A host asking over TCP gets its answer over TCP',
    sends: 'a length-prefixed recursive query over TCP',
    input: nonce,
    maxRuns: 4,
    check: async (io, n) => {
      const { tld, zone } = freshZones(n);
      const name = `www.${zone}`;
      await withHierarchy(io, { tld, zones: { [zone]: [a(name, '10.53.8.1', 300)] }, negativeTtl: 30 }, async () => {
        const reply = await askResolver(io, { name, type: 'A', transport: 'tcp' });
        expectThat(reply.qr, 'the TCP answer is not a response', 'QR=1', 'QR=0');
        expectEqual('addresses in the answer', addressesIn(reply).join(', '), '10.53.8.1');
      });
    },
  }),
]);
