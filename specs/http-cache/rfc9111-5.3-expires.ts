import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { responseBody } from './arbitraries.ts';
import { askTwice, expectBody, httpDate } from './cache-exchange.ts';
import { withOrigin } from './controllable-origin.ts';

/**
 * RFC 9111 §5.3: Expires gives a lifetime as a date; one that is not a valid HTTP-date (such
 * as "0") means the response is already stale.
 */

const citation = { suite: 'http-cache', rfc: 'RFC 9111', section: '5.3', title: 'Expires' };

export default section(citation, [
  rule({
    slug: 'future-expires-reused',
    level: 'SHOULD',
    title: 'A response whose Expires lies an hour or more ahead is reused (optimal)',
    sends: 'GET twice for a path answered with only Expires in the future',
    input: fc.tuple(fc.integer({ min: 3600, max: 30 * 24 * 3600 }), responseBody()),
    maxRuns: 5,
    check: (io, [ahead, body]) =>
      withOrigin(async (origin) => {
        const path = origin.path('expires');
        const { second, hits } = await askTwice(io, origin, path, { fields: [['Expires', httpDate(ahead)]], body });
        expectEqual('requests that reached the origin', hits, 1);
        expectBody(second, body, 'the reused response');
      }),
  }),
  rule({
    slug: 'invalid-expires-means-stale',
    level: 'MUST',
    title: 'An Expires that is not a valid date counts as already past, even beside an old Last-Modified',
    sends: 'GET twice for a path answered with Expires: 0 (or another invalid date) and Last-Modified a year ago',
    input: fc.tuple(fc.constantFrom('0', '-1', 'never', 'Thu, 99 Foo 2000 00:00:00 GMT'), responseBody()),
    maxRuns: 5,
    check: (io, [expires, body]) =>
      withOrigin(async (origin) => {
        const path = origin.path('invalid-expires');
        const { hits } = await askTwice(io, origin, path, { fields: [['Expires', expires], ['Last-Modified', httpDate(-365 * 24 * 3600)]], body });
        expectEqual('requests that reached the origin', hits, 2);
      }),
  }),
]);
