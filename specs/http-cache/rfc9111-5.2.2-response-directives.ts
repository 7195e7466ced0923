import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { responseBody } from './arbitraries.ts';
import { askTwice, expectBody, viaCache } from './cache-exchange.ts';
import { withOrigin } from './controllable-origin.ts';

/**
 * Response directives that forbid storing or reusing (RFC 9111 §5.2.2.4, §5.2.2.5, §5.2.2.7):
 * a shared cache stores nothing marked no-store or private, and reuses nothing marked no-cache
 * without asking the origin first.
 */

const citation = (section: string, title: string) => ({ suite: 'http-cache', rfc: 'RFC 9111', section, title });

/** A second identical request must reach the origin when the response carries `cacheControl`. */
function notReusedRule(slug: string, title: string, cacheControl: string) {
  return rule({
    slug,
    level: 'MUST',
    title,
    sends: `GET twice for a path the origin answers with Cache-Control: ${cacheControl}`,
    input: responseBody(),
    maxRuns: 5,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('directive');
        const { hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', cacheControl]], body });
        expectEqual('requests that reached the origin', hits, 2);
      }),
  });
}

export const noCache = section(citation('5.2.2.4', 'no-cache (response directive)'), [
  notReusedRule('no-cache-validated-every-time', 'A response marked no-cache is not reused without asking the origin', 'no-cache, max-age=3600'),
]);

export const noStore = section(citation('5.2.2.5', 'no-store (response directive)'), [
  notReusedRule('no-store-not-stored', 'A response marked no-store is never stored, so a repeated request reaches the origin', 'no-store, max-age=3600'),
]);

export const privateDirective = section(citation('5.2.2.7', 'private'), [
  notReusedRule('private-not-stored-by-shared-cache', 'A shared cache does not store a response marked private', 'private, max-age=3600'),
]);


/**
 * A stale response carrying `directive`: the origin answers once, then drops every connection;
 * the cache must answer the second request with an error, not the stale content.
 */
function noStaleOnFailureRule(directive: string) {
  return rule({
    slug: 'no-stale-answer-when-origin-fails',
    level: 'MUST',
    title: `A stale ${directive} response is not served when revalidation fails; the cache answers with an error`,
    sends: `GET for a path answered stale (max-age=60, Age: 120) with ${directive}; the origin then drops the connection; GET again`,
    input: responseBody(),
    maxRuns: 3,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path(directive);
        origin.script(path, (_request, hit) => (hit === 0 ? { fields: [['Cache-Control', `max-age=60, ${directive}`], ['Age', '120'], ['ETag', '"v1"']], body } : { drop: true }));
        io.step(`the origin answers the first request with a stale ${directive} response and drops every later connection`);
        await viaCache(io, path);
        const second = await viaCache(io, path);
        expectThat(second.status >= 500, 'the cache served the stale response although it could not revalidate', 'a 5xx error (504 suggested)', `${second.status} ${JSON.stringify(second.body.toString('latin1').slice(0, 40))}`);
      }),
  });
}

export const mustRevalidate = section(citation('5.2.2.2', 'must-revalidate'), [noStaleOnFailureRule('must-revalidate')]);

export const proxyRevalidate = section(citation('5.2.2.8', 'proxy-revalidate'), [noStaleOnFailureRule('proxy-revalidate')]);

export const sharedMaxAge = section(citation('5.2.2.10', 's-maxage'), [
  rule({
    slug: 's-maxage-overrides-max-age',
    level: 'MUST',
    title: 'A shared cache takes its lifetime from s-maxage over max-age: past s-maxage the response is not reused unvalidated',
    sends: 'GET twice for a path answered with s-maxage=60, max-age=3600, Age: 120',
    input: responseBody(),
    maxRuns: 5,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('s-maxage-stale');
        const { hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', 's-maxage=60, max-age=3600'], ['Age', '120']], body });
        expectEqual('requests that reached the origin', hits, 2);
      }),
  }),
  rule({
    slug: 's-maxage-reused',
    level: 'SHOULD',
    title: 'A response fresh by s-maxage is reused by a shared cache even when max-age=0',
    sends: 'GET twice for a path answered with s-maxage=3600, max-age=0',
    input: responseBody(),
    maxRuns: 5,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('s-maxage-fresh');
        const { second, hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', 's-maxage=3600, max-age=0']], body });
        expectEqual('requests that reached the origin', hits, 1);
        expectBody(second, body, 'the reused response');
      }),
  }),
]);
