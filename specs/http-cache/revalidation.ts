import type { RunIO } from '../../harness/runner/run-io.ts';
import { originHits, viaCache } from './cache-exchange.ts';
import { type OriginRequest, type OriginSession, requestField } from './controllable-origin.ts';

/**
 * Revalidation set-ups shared by the §3.2 and §4.3 rules. Responses are made stale on arrival
 * (max-age=60 with Age: 120), so no rule has to wait for a lifetime to pass.
 */

export const staleOnArrival: [string, string][] = [['Cache-Control', 'max-age=60'], ['Age', '120']];

/** Stores a stale response with `validator`, then asks again; returns the origin's second request. */
export async function revalidation(io: RunIO, origin: OriginSession, validator: [string, string], body: string) {
  const path = origin.path('revalidate');
  origin.script(path, () => ({ fields: [...staleOnArrival, validator], body }));
  io.step(`the origin answers ${path} with max-age=60, Age: 120, ${validator[0]}: ${validator[1]}`);
  await viaCache(io, path);
  await viaCache(io, path);
  const requests = origin.requests(path);
  if (requests.length < 2) io.notApplicable('the stale response was reused without the origin; another rule judges that');
  const second = requests[1];
  io.step(`the origin's second request: ${JSON.stringify(second?.fields ?? [])}`);
  return second as NonNullable<typeof second>;
}

/** Stores a stale response with an ETag; every later request is answered 304 with `update`. */
export async function revalidatedBy304(io: RunIO, origin: OriginSession, tag: string, body: string, update: [string, string][]) {
  const path = origin.path('not-modified');
  origin.script(path, (_request, hit) => (hit === 0 ? { fields: [...staleOnArrival, ['ETag', tag], ['X-Rfcheck-Version', '1']], body } : { status: 304, fields: [['ETag', tag], ...update] }));
  io.step(`the origin answers ${path} once with max-age=60, Age: 120, ETag: ${tag}, X-Rfcheck-Version: 1, then with 304 and ${JSON.stringify(update)}`);
  await viaCache(io, path);
  const revalidated = await viaCache(io, path);
  if (originHits(io, origin, path) < 2) io.notApplicable('the stale response was reused without the origin; another rule judges that');
  if (requestField(origin.requests(path)[1] as OriginRequest, 'if-none-match') === undefined) io.notApplicable('the cache revalidated without If-None-Match, so no 304 applies (§4.3.1 rules judge that)');
  return { path, revalidated };
}

