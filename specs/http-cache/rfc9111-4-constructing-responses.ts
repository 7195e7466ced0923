import fc from 'fast-check';
import { expectEqual, expectMatch, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fieldValue } from '../http/response-reader.ts';
import { responseBody, unsafeMethod } from './arbitraries.ts';
import { askTwice, expectBody, longLived, requireReuse, serve, viaCache } from './cache-exchange.ts';
import { CacheUnderTest, cacheCommands, pathCount } from './cache-model.ts';
import { withOrigin } from './controllable-origin.ts';

/**
 * RFC 9111 §4: when a stored response may answer a request. It must be fresh (or validated),
 * it carries an Age field when reused, and requests with unsafe methods always go through to
 * the origin.
 */

const citation = { suite: 'http-cache', rfc: 'RFC 9111', section: '4', title: 'Constructing Responses from Caches' };

export default section(citation, [
  rule({
    slug: 'fresh-response-reused',
    level: 'SHOULD',
    title: 'A response with a long max-age is answered from the store the second time (optimal: the cache caches)',
    sends: `GET twice for a path answered with Cache-Control: ${longLived}`,
    input: responseBody(),
    maxRuns: 5,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('fresh');
        const { second, hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', longLived]], body });
        expectEqual('requests that reached the origin', hits, 1);
        expectBody(second, body, 'the reused response');
      }),
  }),
  rule({
    slug: 'stale-not-reused-unvalidated',
    level: 'MUST',
    title: 'A response already older than its max-age is not reused without asking the origin',
    sends: 'GET twice for a path answered with max-age=60 and Age: 120 (stale on arrival)',
    input: fc.integer({ min: 61, max: 3000 }),
    maxRuns: 5,
    check: (io, age) =>
      withOrigin(async (origin) => {
        const path = origin.path('stale');
        const { hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', 'max-age=60'], ['Age', String(age)]], body: 'stale' });
        expectEqual('requests that reached the origin', hits, 2);
      }),
  }),
  rule({
    slug: 'age-on-reused-response',
    level: 'MUST',
    title: 'A stored response sent without validation carries an Age field',
    sends: `GET twice for a path answered with Cache-Control: ${longLived}`,
    input: responseBody(),
    maxRuns: 5,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('age');
        const { second, hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', longLived]], body });
        requireReuse(io, hits, 'the response');
        const age = fieldValue(second, 'age');
        expectThat(age !== undefined, 'the reused response has no Age field', 'Age: <delta-seconds>', 'no Age');
        expectMatch('Age', age, /^\d+$/);
      }),
  }),
  rule({
    slug: 'unsafe-method-written-through',
    level: 'MUST',
    title: 'A request with an unsafe method is forwarded to the origin even when a response for the URI is stored',
    sends: `GET for a path answered with Cache-Control: ${longLived}, then POST, PUT or DELETE for it`,
    input: fc.tuple(unsafeMethod(), responseBody()),
    maxRuns: 6,
    check: (io, [method, body]) =>
      withOrigin(async (origin) => {
        const path = origin.path('unsafe');
        serve(io, origin, path, { fields: [['Cache-Control', longLived]], body });
        await viaCache(io, path);
        await viaCache(io, path, [['Content-Type', 'text/plain']], method);
        const reached = origin.requests(path).map((r) => r.method);
        io.step(`methods that reached the origin: ${reached.join(', ')}`);
        expectThat(reached.includes(method), `the ${method} request was answered from the store`, `${method} forwarded to the origin`, reached.join(', '));
      }),
  }),
  rule({
    slug: 'nothing-reused-that-may-not-be',
    level: 'MUST',
    title: 'Over any sequence of GET and POST on cacheable and no-store paths, a GET reaches the origin whenever nothing reusable can be stored',
    sends: 'a generated sequence of GET and POST over a cacheable and a no-store path, checked against a model of the store',
    input: cacheCommands(),
    maxRuns: 10,
    check: (io, commands) =>
      withOrigin(async (origin) => {
        const paths = Array.from({ length: pathCount }, (_, i) => origin.path(`model-${i}`));
        paths.forEach((path, i) => origin.script(path, { fields: CacheUnderTest.answerFor(i), body: `path ${i}` }));
        io.step(`the origin answers ${paths.join(', ')} with ${paths.map((_, i) => CacheUnderTest.answerFor(i)[0]?.[1]).join(' / ')}`);
        await fc.asyncModelRun(() => ({ model: { storable: new Set<number>() }, real: new CacheUnderTest(io, origin, paths) }), commands);
      }),
  }),
]);
