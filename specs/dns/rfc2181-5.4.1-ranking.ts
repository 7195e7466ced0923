import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { Intercept } from './fake-hierarchy.ts';
import { a, addressesIn, askResolver, freshZones, nonce, withHierarchy } from './resolver-scenario.ts';

/**
 * RFC 2181 §5.4.1: data has ranks; what a server adds as additional data, and above all data
 * about names outside its own zone, must never be handed out as an answer. A server that slips
 * an address for another zone's name into its additional section poisons nothing.
 */

const citation = { suite: 'dns-resolver', rfc: 'RFC 2181', section: '5.4.1', title: 'Ranking data' };

export default section(citation, [
  rule({
    slug: 'out-of-zone-additional-ignored',
    level: 'SHOULD',
    title: "An address for another zone's name, slipped into an answer's additional section, is not used to answer for that name",
    sends: "a query whose answer carries an extra A record for a name in a second zone; then a query for that name",
    input: nonce,
    maxRuns: 4,
    check: async (io, n) => {
      const { tld, zone, other } = freshZones(n);
      const bait = `www.${zone}`;
      const victim = `bank.${other}`;
      const zones = { [zone]: [a(bait, '10.53.7.1', 300)], [other]: [a(victim, '10.53.7.2', 300)] };
      const intercept: Intercept = (role, _q, _t, answer) =>
        role === 'auth' && answer.answers?.some((r) => r.name.toLowerCase() === bait) ? { ...answer, additionals: [...(answer.additionals ?? []), a(victim, '6.6.6.6', 86400)] } : answer;
      await withHierarchy(io, { tld, zones, negativeTtl: 30, intercept }, async () => {
        await askResolver(io, { name: bait, type: 'A' });
        const reply = await askResolver(io, { name: victim, type: 'A' });
        expectEqual(`addresses of ${victim}`, addressesIn(reply).join(', '), '10.53.7.2');
      });
    },
  }),
]);

