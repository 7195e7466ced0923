import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { distinctValues, responseBody } from './arbitraries.ts';
import { askTwice, expectBody, longLived } from './cache-exchange.ts';
import { withOrigin } from './controllable-origin.ts';

/**
 * RFC 9111 §4.1: a stored response with Vary answers only requests whose named fields match
 * the request it was stored for.
 */

const citation = { suite: 'http-cache', rfc: 'RFC 9111', section: '4.1', title: 'Calculating Cache Keys with the Vary Header Field' };

const varied = [['Cache-Control', longLived], ['Vary', 'Accept-Language']] as [string, string][];

export default section(citation, [
  rule({
    slug: 'vary-mismatch-not-reused',
    level: 'MUST',
    title: 'A response stored with Vary: Accept-Language does not answer a request with another Accept-Language',
    sends: 'GET with Accept-Language a, then GET with Accept-Language b, for a path answered with Vary: Accept-Language',
    input: fc.tuple(distinctValues(), responseBody()),
    maxRuns: 6,
    check: (io, [[a, b], body]) =>
      withOrigin(async (origin) => {
        const path = origin.path('vary-mismatch');
        const { hits } = await askTwice(io, origin, path, { fields: varied, body }, { first: [['Accept-Language', a]], second: [['Accept-Language', b]] });
        expectEqual('requests that reached the origin', hits, 2);
      }),
  }),
  rule({
    slug: 'vary-match-reused',
    level: 'SHOULD',
    title: 'A response stored with Vary answers a later request whose named field has the same value (optimal)',
    sends: 'GET twice with the same Accept-Language for a path answered with Vary: Accept-Language',
    input: fc.tuple(distinctValues(), responseBody()),
    maxRuns: 6,
    check: (io, [[a], body]) =>
      withOrigin(async (origin) => {
        const path = origin.path('vary-match');
        const { second, hits } = await askTwice(io, origin, path, { fields: varied, body }, { first: [['Accept-Language', a]] });
        expectEqual('requests that reached the origin', hits, 1);
        expectBody(second, body, 'the reused response');
      }),
  }),
  rule({
    slug: 'vary-star-never-reused',
    level: 'MUST',
    title: 'A response with Vary: * matches no later request, so it is never reused',
    sends: `GET twice, identically, for a path answered with Cache-Control: ${longLived} and Vary: *`,
    input: responseBody(),
    maxRuns: 4,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('vary-star');
        const { hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', longLived], ['Vary', '*']], body });
        expectEqual('requests that reached the origin', hits, 2);
      }),
  }),
]);
