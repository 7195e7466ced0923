import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import type { RuleSetup } from '../../harness/core/rule.ts';
import { respell } from './names.ts';
import { type ZoneView, loadZoneView, requireSome } from './zone-view.ts';

/**
 * Inputs of the dns-auth rules, drawn from the served zones: each generator yields names of one
 * kind (with data, missing, below a cut, ...) with a random ID. Names are spelled as the zone
 * spells them, except in the rules about case (RFC 1035 §2.3.3), so that a server wrong about
 * case fails those rules and no others.
 */

export const queryId = fc.integer({ min: 0, max: 0xffff });

/** Which letters of a name to flip: the same name, spelled as a client may spell it. */
export const caseMask = fc.array(fc.boolean(), { minLength: 1, maxLength: 6 });

/** A label no fixture zone uses (zone files do not start labels with 'nx-'). */
export const freshLabel = fc.stringMatching(/^[a-z0-9]{1,10}$/).map((s) => `nx-${s}`);

export interface Asked {
  id: number;
  name: string;
  type: string;
}

const spelled = (pairs: { name: string; type: string }[]): fc.Arbitrary<Asked> =>
  fc.record({ id: queryId, pair: fc.constantFrom(...pairs) }).map(({ id, pair }) => ({ id, name: pair.name, type: pair.type }));

const fromView = <T>(build: (view: ZoneView) => fc.Arbitrary<T>) => (setup: RuleSetup): fc.Arbitrary<T> => build(loadZoneView(setup.options));

/** A (name, type) the zones answer with data. */
export const answerableQuestion = fromView((view) => spelled(requireSome(view.answerable(), 'names with data')));

/** A (name, type) with data, the name spelled as the zone spells it and again in another mix of cases. */
export const respelledQuestion = fromView((view) =>
  fc
    .record({ id: queryId, pair: fc.constantFrom(...requireSome(view.answerable(), 'names with data')), mask: caseMask })
    .map(({ id, pair, mask }) => ({ id, name: pair.name, respelled: respell(pair.name, mask), type: pair.type })),
);

/** A (name, type) whose RRset has more than one record. */
export const multiRecordQuestion = fromView((view) =>
  spelled(requireSome(view.answerable().filter((q) => view.rrset(q.name, q.type).length > 1), 'RRsets of several records')),
);

/** An existing name asked for a type it lacks (NODATA). */
export const noDataQuestion = fromView((view) => spelled(requireSome(view.noData(), 'names lacking a type')));

/** A name below an existing name that has no wildcard child: it does not exist (NXDOMAIN). */
export const missingQuestion = fromView((view) => {
  const parents = requireSome(view.authoritativeOwners().filter((n) => !view.hasWildcardChild(n) && !view.cutAbove(n)), 'names to invent children of');
  return fc
    .record({ id: queryId, label: freshLabel, parent: fc.constantFrom(...parents), type: fc.constantFrom('A', 'AAAA', 'TXT', 'MX') })
    .map(({ id, label, parent, type }) => ({ id, name: `${label}.${parent}`, type }));
});

/** A name at or below a delegation point. */
export const referralQuestion = fromView((view) => {
  const cuts = requireSome(view.cuts(), 'delegations');
  return fc
    .record({ id: queryId, cut: fc.constantFrom(...cuts), below: fc.option(freshLabel, { nil: undefined }), type: fc.constantFrom('A', 'AAAA', 'MX') })
    .map(({ id, cut, below, type }) => ({ id, name: below ? `${below}.${cut}` : cut, type }));
});

/** A fresh name under a wildcard's parent, asked for a type the wildcard holds (or, with `absent`, lacks). */
export const wildcardQuestion = (absent: boolean) =>
  fromView((view) => {
    const choices = requireSome(view.wildcards(), 'wildcards').flatMap((w) => {
      const held = new Set<string>(view.recordsAt(w).map((r) => r.type));
      const types = absent ? ['MX', 'SRV', 'PTR'].filter((t) => !held.has(t)) : [...held];
      return types.map((type) => ({ wildcard: w, type }));
    });
    return fc
      .record({ id: queryId, label: freshLabel, choice: fc.constantFrom(...requireSome(choices, 'wildcard types')) })
      .map(({ id, label, choice }) => ({ id, name: `${label}${choice.wildcard.slice(1)}`, type: choice.type, wildcard: choice.wildcard }));
  });

/** An alias (CNAME owner) and the type asked of it. */
export const aliasQuestion = (type: 'A' | 'CNAME') =>
  fromView((view) => fc.record({ id: queryId, alias: fc.constantFrom(...requireSome(view.aliases(), 'CNAME records')) }).map(({ id, alias }) => ({ id, name: alias.name, type })));

/** The name of a big RRset: one whose records alone exceed 512 bytes. */
export function bigRRset(view: ZoneView): { name: string; type: string }[] {
  return view.answerable().filter((q) => dnsPacket.encodingLength({ answers: view.rrset(q.name, q.type) }) > 600);
}

export const bigQuestion = fromView((view) => spelled(requireSome(bigRRset(view), 'RRsets larger than 512 bytes')));
