import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { type HttpResponseMessage, fieldValue } from '../http/response-reader.ts';
import { responseBody } from './arbitraries.ts';
import { askTwice, expectBody, httpDate, originHits, requireReuse, serve, sleep, viaCache } from './cache-exchange.ts';
import { withOrigin } from './controllable-origin.ts';

/**
 * RFC 9111 §4.2: freshness. A response is fresh while its age is below its lifetime; the
 * lifetime comes from the origin's directives, else (§4.2.2) may be guessed from Last-Modified;
 * the age (§4.2.3) counts what the response had on arrival plus its time in the cache. The two
 * rules that watch time pass wait for real, briefly.
 */

const citation = (section: string, title: string) => ({ suite: 'http-cache', rfc: 'RFC 9111', section, title });

/** Long enough past a one-second lifetime for any cache that counts in whole seconds. */
const pastOneSecondMs = 2100;

export const freshness = section(citation('4.2', 'Freshness'), [
  rule({
    slug: 'stale-once-lifetime-passes',
    level: 'MUST',
    title: 'Once a stored response outlives its max-age, it is no longer reused without the origin',
    sends: 'GET for a path answered with max-age=1, wait 2.1 s, GET again',
    input: responseBody(),
    maxRuns: 1,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('expires-in-time');
        serve(io, origin, path, { fields: [['Cache-Control', 'max-age=1']], body });
        await viaCache(io, path);
        io.step('wait 2.1 s');
        await sleep(pastOneSecondMs);
        await viaCache(io, path);
        expectEqual('requests that reached the origin', originHits(io, origin, path), 2);
      }),
  }),
]);

const longAgo = (): string => httpDate(-365 * 24 * 3600);

export const heuristic = section(citation('4.2.2', 'Calculating Heuristic Freshness'), [
  rule({
    slug: 'heuristic-from-last-modified',
    level: 'MAY',
    title: 'A 200 without explicit lifetime but with an old Last-Modified is reused for a while (informational)',
    sends: 'GET twice for a path answered with only Last-Modified a year ago',
    input: responseBody(),
    maxRuns: 5,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('heuristic');
        const { second, hits } = await askTwice(io, origin, path, { fields: [['Last-Modified', longAgo()]], body });
        expectEqual('requests that reached the origin', hits, 1);
        expectBody(second, body, 'the reused response');
      }),
  }),
  rule({
    slug: 'no-heuristic-over-explicit-lifetime',
    level: 'MUST',
    title: 'An explicit lifetime wins over any heuristic: a response stale by max-age is not reused though Last-Modified is old',
    sends: 'GET twice for a path answered with max-age=60, Age: 120 and Last-Modified a year ago',
    input: responseBody(),
    maxRuns: 5,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('explicit-wins');
        const { hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', 'max-age=60'], ['Age', '120'], ['Last-Modified', longAgo()]], body });
        expectEqual('requests that reached the origin', hits, 2);
      }),
  }),
]);

/** The Age field of a reused response; its absence is judged by http-cache/4/age-on-reused-response. */
function ageOf(io: RunIO, response: HttpResponseMessage): string {
  const value = fieldValue(response, 'age');
  if (value === undefined) io.notApplicable('the reused response has no Age field at all (judged by another rule)');
  return value;
}

export const age = section(citation('4.2.3', 'Calculating Age'), [
  rule({
    slug: 'age-counts-time-in-cache',
    level: 'MUST',
    title: 'The Age of a reused response includes the time it spent in the cache',
    sends: 'GET for a path answered with max-age=3600, wait 1.1 s, GET again and read Age',
    input: responseBody(),
    maxRuns: 1,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('residence');
        serve(io, origin, path, { fields: [['Cache-Control', 'max-age=3600']], body });
        await viaCache(io, path);
        io.step('wait 1.1 s');
        await sleep(1100);
        const second = await viaCache(io, path);
        requireReuse(io, originHits(io, origin, path), 'the response');
        const value = Number(ageOf(io, second));
        expectThat(value >= 1, 'Age does not count the time the response spent in the cache', 'Age ≥ 1', String(fieldValue(second, 'age')));
      }),
  }),
  rule({
    slug: 'age-counts-upstream-age',
    level: 'MUST',
    title: 'The Age of a reused response is at least the Age the origin gave it',
    sends: 'GET twice for a path answered with max-age=100000 and Age: N',
    input: fc.tuple(fc.integer({ min: 10, max: 50_000 }), responseBody()),
    maxRuns: 5,
    check: (io, [upstreamAge, body]) =>
      withOrigin(async (origin) => {
        const path = origin.path('upstream-age');
        const { second, hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', 'max-age=100000'], ['Age', String(upstreamAge)]], body });
        requireReuse(io, hits, 'the response');
        const value = Number(ageOf(io, second));
        expectThat(value >= upstreamAge, 'Age is less than the age the response had on arrival', `Age ≥ ${upstreamAge}`, String(fieldValue(second, 'age')));
      }),
  }),
]);
