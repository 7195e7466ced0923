import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { PayloadType, encodeQuery, queryHitNames } from './gnutella-wire.ts';
import { NeighbourSession, freshGuid } from './neighbour-session.ts';

/**
 * Gnutella 0.6, 2.2.7.3 "When and how to respond with Query Hit messages": a servent that shares
 * files matching a Query answers with a Query Hit carrying the Query's GUID and naming them. The
 * servent under test shares fixtures/gnutella/shared-files.txt; matching ignores letter case.
 */

const citation = { suite: 'gnutella', rfc: 'Gnutella Protocol Specification 0.6', section: '2.2.7.3', title: 'When and how to respond with Query Hit messages' };

function sharedNames(fixturesDir: string): string[] {
  return readFileSync(path.join(fixturesDir, 'gnutella', 'shared-files.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('\t') && !line.startsWith('#'))
    .map((line) => line.split('\t')[1] ?? '');
}

/** One or two words of a shared file's name, in a random letter case. */
const matchingQuery = (fixturesDir: string): fc.Arbitrary<{ name: string; query: string }> =>
  fc.constantFrom(...sharedNames(fixturesDir)).chain((name) =>
    fc
      .subarray(name.split(' '), { minLength: 1, maxLength: 2 })
      .chain((words) => fc.array(fc.boolean(), { minLength: words.length, maxLength: words.length }).map((upper) => words.map((w, i) => (upper[i] ? w.toUpperCase() : w)).join(' ')))
      .map((query) => ({ name, query })),
  );

export default section(citation, [
  rule({
    slug: 'matching-query-answered',
    level: 'SHOULD',
    title: 'A Query whose words occur in a shared file name (any letter case) gets a Query Hit with its GUID naming that file',
    sends: 'A sends a Query of words from a shared file name',
    input: (setup) => matchingQuery(setup.options.fixturesDir),
    maxRuns: 15,
    check: async (io, { name, query }) => {
      const [a] = await NeighbourSession.several(io, 1);
      const guid = freshGuid();
      await a!.send({ guid, type: PayloadType.query, ttl: 3, hops: 0, payload: encodeQuery(query) }, `a Query for ${JSON.stringify(query)}`);
      const hit = await a!.until('a Query Hit with the Query\'s GUID', (m) => m.type === PayloadType.queryHit && m.guid.equals(guid));
      const names = queryHitNames(hit.payload) ?? [];
      expectThat(names.includes(name), `the Query Hit does not name ${JSON.stringify(name)}`, name, names.join(' | '));
    },
  }),
]);
