import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { Intercept, ServerRole } from './fake-hierarchy.ts';
import { isAtOrBelow } from './names.ts';
import { a, addressSet, addressesIn, askResolver, cname, freshZones, nonce, withHierarchy } from './resolver-scenario.ts';

/**
 * RFC 1034 §5.3.3, the resolver's algorithm: starting from the closest servers it knows (for a
 * new TLD, the root), it follows referrals down to the zone's server and passes its data on;
 * at a CNAME it starts again at the canonical name, in whatever zone that lies. RFC 1034 writes
 * these steps without key words ("should"), so the rules are SHOULD.
 */

const citation = { suite: 'dns-resolver', rfc: 'RFC 1034', section: '5.3.3', title: 'Algorithm' };
const sending = { suite: 'dns-resolver', rfc: 'RFC 1035', section: '7.2', title: 'Sending the queries' };

export const algorithmRules = section(citation, [
  rule({
    slug: 'answers-with-authority-data',
    level: 'SHOULD',
    title: "The answer holds exactly the authoritative server's A records for the name",
    sends: 'a recursive A query for a name with 2-4 addresses in a fresh zone',
    input: fc.tuple(nonce, addressSet),
    maxRuns: 10,
    check: async (io, [n, addresses]) => {
      const { tld, zone } = freshZones(n);
      const name = `host.${zone}`;
      await withHierarchy(io, { tld, zones: { [zone]: addresses.map((ip) => a(name, ip, 300)) }, negativeTtl: 30 }, async () => {
        const reply = await askResolver(io, { name, type: 'A' });
        expectEqual('RCODE', reply.rcode, 0);
        expectEqual('addresses in the answer', addressesIn(reply).join(', '), [...addresses].sort().join(', '));
      });
    },
  }),
  rule({
    slug: 'walks-from-root',
    level: 'SHOULD',
    title: 'For a name under a TLD it knows nothing of, the resolver asks the root, then the TLD server, then the zone\'s server',
    sends: 'a recursive query for a name under a fresh TLD; reads the order of the queries the hierarchy received',
    input: nonce,
    maxRuns: 5,
    check: async (io, n) => {
      const { tld, zone } = freshZones(n);
      const name = `www.${zone}`;
      await withHierarchy(io, { tld, zones: { [zone]: [a(name, '10.53.0.7', 300)] }, negativeTtl: 30 }, async (hierarchy) => {
        await askResolver(io, { name, type: 'A' });
        const first = (role: ServerRole): number | undefined => hierarchy.log.find((q) => q.role === role && isAtOrBelow(q.name, tld))?.at;
        const [root, tldAt, auth] = [first('root'), first('tld'), first('auth')];
        io.step(`queries about ${tld}: root ${root === undefined ? 'none' : 'yes'}, TLD ${tldAt === undefined ? 'none' : 'yes'}, authoritative ${auth === undefined ? 'none' : 'yes'}`);
        expectThat(root !== undefined && tldAt !== undefined && auth !== undefined && root < tldAt && tldAt < auth, 'the resolver did not walk root → TLD → authoritative', 'root, then TLD, then authoritative', `root ${root?.toFixed(1) ?? '-'} ms, TLD ${tldAt?.toFixed(1) ?? '-'} ms, auth ${auth?.toFixed(1) ?? '-'} ms`);
      });
    },
  }),
  rule({
    slug: 'follows-cname-across-zones',
    level: 'SHOULD',
    title: 'At a CNAME into another zone the resolver asks again for the canonical name and returns the CNAME and its data',
    sends: 'a recursive A query for an alias whose target lies in a second zone',
    input: fc.tuple(nonce, addressSet),
    maxRuns: 8,
    check: async (io, [n, addresses]) => {
      const { tld, zone, other } = freshZones(n);
      const alias = `alias.${zone}`;
      const target = `real.${other}`;
      const zones = { [zone]: [cname(alias, target, 300)], [other]: addresses.map((ip) => a(target, ip, 300)) };
      await withHierarchy(io, { tld, zones, negativeTtl: 30 }, async () => {
        const reply = await askResolver(io, { name: alias, type: 'A' });
        expectThat(reply.message.answers.some((r) => r.type === 5), 'the answer lacks the CNAME', `CNAME ${alias} → ${target}`, `${reply.message.answers.length} records`);
        expectEqual('addresses of the canonical name', addressesIn(reply).join(', '), [...addresses].sort().join(', '));
      });
    },
  }),
]);

export const sendingRules = section(sending, [
  rule({
    slug: 'retries-after-timeout',
    level: 'SHOULD',
    title: 'When a server does not answer, the resolver asks again (retransmits) and still answers the host',
    sends: "a recursive query whose first UDP query to the zone's server is dropped",
    input: nonce,
    maxRuns: 4,
    check: async (io, n) => {
      const { tld, zone } = freshZones(n);
      const name = `www.${zone}`;
      let dropped = 0;
      const intercept: Intercept = (role, _q, transport, answer) => (role === 'auth' && transport === 'udp' && dropped++ === 0 ? 'drop' : answer);
      await withHierarchy(io, { tld, zones: { [zone]: [a(name, '10.53.0.9', 300)] }, negativeTtl: 30, intercept }, async () => {
        const reply = await askResolver(io, { name, type: 'A' });
        expectEqual('addresses in the answer', addressesIn(reply).join(', '), '10.53.0.9');
      });
    },
  }),
]);
