import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { entityTag, responseBody } from './arbitraries.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { expectBody, httpDate, longLived, originHits, viaCache } from './cache-exchange.ts';
import { type OriginSession, requestField, withOrigin } from './controllable-origin.ts';
import { revalidatedBy304, revalidation } from './revalidation.ts';

/**
 * RFC 9111 §4.3: validation. A stale stored response with validators is revalidated with a
 * conditional request (§4.3.1), and a 304 answer freshens the stored response (§4.3.4).
 */

const citation = (section: string, title: string) => ({ suite: 'http-cache', rfc: 'RFC 9111', section, title });

export const sendingValidation = section(citation('4.3.1', 'Sending a Validation Request'), [
  rule({
    slug: 'revalidates-with-entity-tag',
    level: 'SHOULD',
    title: 'A stale stored response with an ETag is revalidated with If-None-Match carrying that tag',
    sends: 'GET twice for a path answered stale on arrival with an ETag',
    input: fc.tuple(entityTag(), responseBody()),
    maxRuns: 5,
    check: (io, [tag, body]) =>
      withOrigin(async (origin) => {
        const second = await revalidation(io, origin, ['ETag', tag], body);
        const condition = requestField(second, 'if-none-match') ?? '';
        expectThat(condition.includes(tag), 'the revalidation request does not carry the stored entity tag', `If-None-Match: ${tag}`, condition || 'no If-None-Match');
      }),
  }),
  rule({
    slug: 'revalidates-with-last-modified',
    level: 'SHOULD',
    title: 'A stale stored response with only Last-Modified is revalidated with If-Modified-Since',
    sends: 'GET twice for a path answered stale on arrival with Last-Modified',
    input: fc.tuple(fc.integer({ min: 60, max: 10_000_000 }), responseBody()),
    maxRuns: 5,
    check: (io, [secondsAgo, body]) =>
      withOrigin(async (origin) => {
        const lastModified = httpDate(-secondsAgo);
        const second = await revalidation(io, origin, ['Last-Modified', lastModified], body);
        expectEqual('If-Modified-Since of the revalidation request', requestField(second, 'if-modified-since'), lastModified);
      }),
  }),
]);

export const freshening = section(citation('4.3.4', 'Freshening Stored Responses upon Validation'), [
  rule({
    slug: 'not-modified-freshens-stored',
    level: 'MUST',
    title: 'A 304 with a new lifetime freshens the stored response, which then answers without the origin',
    sends: 'GET for a stale stored response, the origin answers 304 with max-age=3600 and Age: 0; GET again',
    input: fc.tuple(entityTag(), responseBody()),
    maxRuns: 5,
    check: (io, [tag, body]) =>
      withOrigin(async (origin) => {
        const { path, revalidated } = await revalidatedBy304(io, origin, tag, body, [['Cache-Control', 'max-age=3600'], ['Age', '0']]);
        expectBody(revalidated, body, 'the response after a 304');
        const third = await viaCache(io, path);
        expectBody(third, body, 'the freshened response');
        expectEqual('requests that reached the origin', originHits(io, origin, path), 2);
      }),
  }),
]);

/**
 * A fresh stored response with ETag `tag`; the client then asks with If-None-Match `condition`.
 * The origin evaluates conditions honestly, so a cache that forwards the request is right too.
 */
async function askWithCondition(io: RunIO, origin: OriginSession, tag: string, body: string, condition: string) {
  const path = origin.path('client-condition');
  origin.script(path, (request) => ((requestField(request, 'if-none-match') ?? '').includes(tag) ? { status: 304, fields: [['ETag', tag]] } : { fields: [['Cache-Control', longLived], ['ETag', tag]], body }));
  io.step(`the origin answers ${path} with ${longLived}, ETag: ${tag} (304 when If-None-Match names it)`);
  await viaCache(io, path);
  return viaCache(io, path, [['If-None-Match', condition]]);
}

export const handlingValidation = section(citation('4.3.2', 'Handling a Received Validation Request'), [
  rule({
    slug: 'matching-client-tag-answered-304',
    level: 'SHOULD',
    title: "A client's If-None-Match naming the stored response's entity tag is answered 304",
    sends: 'GET for a fresh stored response with an ETag, then GET with If-None-Match naming that tag',
    input: fc.tuple(entityTag(), responseBody()),
    maxRuns: 5,
    check: (io, [tag, body]) =>
      withOrigin(async (origin) => {
        const answer = await askWithCondition(io, origin, tag, body, tag);
        expectEqual('status of the conditional request', answer.status, 304);
      }),
  }),
  rule({
    slug: 'other-client-tag-gets-content',
    level: 'MUST',
    title: "A client's If-None-Match naming another entity tag gets the full stored response, not 304",
    sends: 'GET for a fresh stored response with an ETag, then GET with If-None-Match naming a different tag',
    input: fc.tuple(entityTag(), entityTag(), responseBody()).filter(([a, b]) => a !== b),
    maxRuns: 5,
    check: (io, [tag, other, body]) =>
      withOrigin(async (origin) => {
        const answer = await askWithCondition(io, origin, tag, body, other);
        expectEqual('status of the conditional request', answer.status, 200);
        expectBody(answer, body, 'the response to a non-matching condition');
      }),
  }),
]);
