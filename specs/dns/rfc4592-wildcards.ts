import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { caseMask, freshLabel, queryId, wildcardQuestion } from './arbitraries-auth.ts';
import { ask } from './exchange.ts';
import { expectNegativeSoa, expectNoAnswers, expectRcode, expectRecordSet } from './expect-dns.ts';
import { canonical, nameOfLabels, parentOf, respell } from './names.ts';
import { rcodes, typeNames } from './reply.ts';
import { loadZoneView, requireSome } from './zone-view.ts';

/**
 * RFC 4592: a wildcard '*.<parent>' answers for names that do not exist and whose closest
 * existing ancestor (closest encloser) is <parent> — with the asked name as owner. A name that
 * exists, even with no records (an empty non-terminal), is never matched by a wildcard. The RFC
 * writes no key words; it defines the algorithm's outcome, which these rules hold as MUST.
 */

const synthesis = { suite: 'dns-auth', rfc: 'RFC 4592', section: '3.3.1', title: 'Closest Encloser and the Source of Synthesis' };
const typeMatching = { suite: 'dns-auth', rfc: 'RFC 4592', section: '3.3.3', title: 'Type Matching' };
const existence = { suite: 'dns-auth', rfc: 'RFC 4592', section: '2.2.1', title: 'An Example' };
const emptyNonTerminals = { suite: 'dns-auth', rfc: 'RFC 4592', section: '2.2.2', title: 'Empty Non-terminals' };

export const synthesisRules = section(synthesis, [
  rule({
    slug: 'synthesized-from-wildcard',
    level: 'MUST',
    concurrent: true,
    title: "A missing name whose closest encloser has a wildcard gets the wildcard's records, owned by the asked name",
    sends: 'a query for an invented name directly below a wildcard\'s parent',
    input: wildcardQuestion(false),
    check: async (io, q) => {
      const view = loadZoneView(io.options);
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectRcode(reply, rcodes.NOERROR, `${q.name} (covered by ${q.wildcard})`);
      const own = reply.message.answers.filter((r) => typeNames[r.type] === q.type);
      const expected = view.rrset(q.wildcard, q.type).map((r) => ({ ...r, name: q.name }));
      expectRecordSet(`the ${q.type} records synthesized for ${q.name}`, own, expected);
      for (const record of own) expectEqual('owner of a synthesized record', canonical(nameOfLabels(record.labels)), canonical(q.name));
    },
  }),
  rule({
    slug: 'wildcard-only-at-closest-encloser',
    level: 'MUST',
    title: 'A wildcard does not answer for names below another existing name (NXDOMAIN there)',
    sends: "a query for an invented name below an existing sibling of a wildcard",
    input: (setup) => {
      const view = loadZoneView(setup.options);
      const blockers = requireSome(
        view.wildcards().flatMap((w) => {
          const parent = parentOf(w) as string;
          return view.authoritativeOwners().filter((n) => canonical(parentOf(n) ?? '') === canonical(parent) && !view.hasWildcardChild(n));
        }),
        'existing names beside a wildcard',
      );
      return fc.record({ id: queryId, label: freshLabel, below: fc.constantFrom(...blockers), mask: caseMask }).map(({ id, label, below, mask }) => ({ id, name: respell(`${label}.${below}`, mask), type: 'A' }));
    },
    maxRuns: 20,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectRcode(reply, rcodes.NXDOMAIN, `${q.name} (its closest encloser has no wildcard)`);
      expectNoAnswers(reply, 'the answer');
    },
  }),
]);

export const typeMatchingRules = section(typeMatching, [
  rule({
    slug: 'wildcard-nodata',
    level: 'MUST',
    title: "A name covered by a wildcard, asked for a type the wildcard lacks, gets NODATA with the zone's SOA",
    sends: 'a query for an invented name below a wildcard\'s parent, for a type the wildcard has not',
    input: wildcardQuestion(true),
    maxRuns: 20,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectRcode(reply, rcodes.NOERROR, `${q.name} ${q.type} (the wildcard exists but has no ${q.type})`);
      expectNoAnswers(reply, 'the answer');
      expectNegativeSoa(reply, loadZoneView(io.options), q.name, 'a NODATA answer');
    },
  }),
]);

export const existenceRules = section(existence, [
  rule({
    slug: 'existing-name-not-synthesized',
    level: 'MUST',
    title: 'A name that exists beside a wildcard gets its own data only: NODATA for a type it lacks, never the wildcard\'s',
    sends: "a query for an existing sibling of a wildcard, for a type only the wildcard has",
    input: (setup) => {
      const view = loadZoneView(setup.options);
      const pairs = requireSome(
        view.wildcards().flatMap((w) => {
          const parent = parentOf(w) as string;
          const siblings = view.authoritativeOwners().filter((n) => canonical(parentOf(n) ?? '') === canonical(parent));
          const wildTypes = [...new Set(view.recordsAt(w).map((r) => r.type))];
          return siblings.flatMap((name) => wildTypes.filter((t) => view.rrset(name, t).length === 0).map((type) => ({ name, type })));
        }),
        'existing names lacking a type their wildcard has',
      );
      return fc.record({ id: queryId, pair: fc.constantFrom(...pairs) }).map(({ id, pair }) => ({ id, ...pair }));
    },
    maxRuns: 10,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectRcode(reply, rcodes.NOERROR, `${q.name} ${q.type}`);
      expectNoAnswers(reply, `the answer for ${q.name} ${q.type} (the name exists, so no wildcard applies)`);
    },
  }),
]);

export const emptyNonTerminalRules = section(emptyNonTerminals, [
  rule({
    slug: 'empty-non-terminal-exists',
    level: 'MUST',
    title: 'A name with no records but names below it exists: NOERROR with no answer, not NXDOMAIN',
    sends: 'a query for an empty non-terminal',
    input: (setup) => {
      const names = requireSome(loadZoneView(setup.options).emptyNonTerminals(), 'empty non-terminals');
      return fc.record({ id: queryId, name: fc.constantFrom(...names), type: fc.constantFrom('A', 'TXT', 'MX') });
    },
    maxRuns: 15,
    check: async (io, q) => {
      const reply = await ask(io, { id: q.id, name: q.name, type: q.type });
      expectRcode(reply, rcodes.NOERROR, `${q.name} (an empty non-terminal)`);
      expectThat(reply.message.answers.length === 0, 'an empty non-terminal got records', '(none)', `${reply.message.answers.length} records`);
    },
  }),
]);
