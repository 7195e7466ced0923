import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { responseBody } from './arbitraries.ts';
import { askTwice, longLived } from './cache-exchange.ts';
import { withOrigin } from './controllable-origin.ts';

/**
 * Request directives (RFC 9111 §5.2.1): no-cache asks that nothing stored be used without the
 * origin (a preference, so informational here); no-store forbids storing the response at all.
 */

const citation = (section: string, title: string) => ({ suite: 'http-cache', rfc: 'RFC 9111', section, title });

export const requestNoCache = section(citation('5.2.1.4', 'no-cache (request directive)'), [
  rule({
    slug: 'request-no-cache-goes-to-origin',
    level: 'MAY',
    title: 'A request with Cache-Control: no-cache is not answered from the store without the origin (informational)',
    sends: `GET for a path answered with Cache-Control: ${longLived}, then GET with Cache-Control: no-cache`,
    input: responseBody(),
    maxRuns: 5,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('request-no-cache');
        const { hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', longLived]], body }, { first: [], second: [['Cache-Control', 'no-cache']] });
        expectEqual('requests that reached the origin', hits, 2);
      }),
  }),
]);

export const requestNoStore = section(citation('5.2.1.5', 'no-store (request directive)'), [
  rule({
    slug: 'request-no-store-not-stored',
    level: 'MUST',
    title: 'The response to a request with Cache-Control: no-store is not stored, so a later plain request reaches the origin',
    sends: `GET with Cache-Control: no-store, then a plain GET, for a path answered with Cache-Control: ${longLived}`,
    input: responseBody(),
    maxRuns: 5,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('request-no-store');
        const { hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', longLived]], body }, { first: [['Cache-Control', 'no-store']], second: [] });
        expectEqual('requests that reached the origin', hits, 2);
      }),
  }),
]);
