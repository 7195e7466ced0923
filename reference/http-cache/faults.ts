/**
 * The planted-bug hook: each name switches on one deliberate deviation in the reference proxy,
 * so fixtures/http-cache/mutants can prove a rule fails for exactly that bug. The reference
 * itself runs with no fault; each check of a fault sits at the one place the bug lives.
 */
export type ProxyFault =
  | 'stores-no-store'
  | 'stores-private'
  | 'stores-authorized'
  | 'ignores-request-no-store'
  | 'ignores-max-age'
  | 'max-age-in-minutes'
  | 'ignores-s-maxage'
  | 'ignores-expires'
  | 'invalid-expires-ignored'
  | 'no-heuristic-freshness'
  | 'heuristic-over-explicit'
  | 'no-age-field'
  | 'age-without-residence'
  | 'drops-upstream-age'
  | 'unconditional-revalidation'
  | 'forgets-304-fields'
  | 'ignores-vary'
  | 'no-vary-reuse'
  | 'answers-unsafe-from-cache'
  | 'keeps-after-unsafe-method'
  | 'no-cache-served-unvalidated'
  | 'serves-stale-on-error'
  | 'ignores-request-no-cache'
  | 'forwards-hop-by-hop'
  | 'no-via'
  | 'ignores-client-validators'
  | 'answers-304-to-any-condition'
  | 'stores-vary-star'
  | 'forwards-absolute-target'
  | 'keeps-location-after-unsafe'
  | 'never-stores-authorized';
