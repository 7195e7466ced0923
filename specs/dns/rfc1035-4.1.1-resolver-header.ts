import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { queryId } from './arbitraries-auth.ts';
import { a, askResolver, freshZones, nonce, withHierarchy } from './resolver-scenario.ts';

/**
 * RFC 1035 §4.1.1 from the resolver's side: its answer to a host carries the host's ID, copies
 * RD, and sets RA because it offers recursion.
 */

const citation = { suite: 'dns-resolver', rfc: 'RFC 1035', section: '4.1.1', title: 'Header section format' };

const oneHost = (n: number) => {
  const { tld, zone } = freshZones(n);
  return { scenario: { tld, zones: { [zone]: [a(`www.${zone}`, '10.53.0.1', 300)] }, negativeTtl: 30 }, name: `www.${zone}` };
};

/** A rule that one header bit of the answer to a recursive query is set. */
function bitSetRule(slug: string, title: string, bit: 'rd' | 'ra') {
  const label = bit.toUpperCase();
  return rule({
    slug,
    level: 'MUST',
    title,
    sends: 'a recursive query (RD set)',
    input: nonce,
    maxRuns: 5,
    check: async (io, n) => {
      const { scenario, name } = oneHost(n);
      await withHierarchy(io, scenario, async () => {
        const reply = await askResolver(io, { name, type: 'A' });
        expectThat(reply[bit], `the answer has ${label} clear`, `${label}=1`, `${label}=0`);
      });
    },
  });
}

export default section(citation, [
  rule({
    slug: 'id-echoed',
    level: 'MUST',
    title: "The resolver's answer carries the ID of the host's query",
    sends: 'a recursive query with a random ID for a name in a fresh zone',
    input: fc.tuple(nonce, queryId),
    maxRuns: 10,
    check: async (io, [n, id]) => {
      const { scenario, name } = oneHost(n);
      await withHierarchy(io, scenario, async () => {
        const reply = await askResolver(io, { name, type: 'A', id });
        expectEqual('ID of the answer', reply.id, id);
      });
    },
  }),
  bitSetRule('rd-copied', 'The answer copies RD from the query', 'rd'),
  bitSetRule('ra-set', 'The answer sets RA: the resolver offers recursion', 'ra'),
]);
