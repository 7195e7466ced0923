import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { responseBody, unsafeMethod } from './arbitraries.ts';
import { expectBody, longLived, serve, viaCache } from './cache-exchange.ts';
import { withOrigin } from './controllable-origin.ts';

/**
 * RFC 9111 §4.4: a successful response to an unsafe method means the resource may have
 * changed, so the cache stops reusing what it stored for that URI.
 */

const citation = { suite: 'http-cache', rfc: 'RFC 9111', section: '4.4', title: 'Invalidating Stored Responses' };

export default section(citation, [
  rule({
    slug: 'unsafe-method-invalidates-uri',
    level: 'MUST',
    title: 'After a 2xx to POST, PUT or DELETE on a URI, the response stored for it is not reused',
    sends: `GET for a path answered with Cache-Control: ${longLived}; the unsafe method; GET again`,
    input: fc.tuple(unsafeMethod(), responseBody()),
    maxRuns: 6,
    check: (io, [method, body]) =>
      withOrigin(async (origin) => {
        const path = origin.path('invalidated');
        serve(io, origin, path, { fields: [['Cache-Control', longLived]], body });
        await viaCache(io, path);
        await viaCache(io, path, [], method);
        const third = await viaCache(io, path);
        expectBody(third, body, 'the response after the unsafe request');
        const gets = origin.requests(path).filter((r) => r.method === 'GET').length;
        io.step(`GET requests that reached the origin: ${gets}`);
        expectEqual('GET requests that reached the origin', gets, 2);
      }),
  }),
  rule({
    slug: 'location-invalidated-too',
    level: 'MAY',
    title: 'After a 2xx to POST whose Location names another stored URI of the same origin, that one is not reused either (informational)',
    sends: `GET for path B (max-age=3600); POST to path A answered with Location: B; GET B again`,
    input: responseBody(),
    maxRuns: 4,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const created = origin.path('created');
        const collection = origin.path('collection');
        serve(io, origin, created, { fields: [['Cache-Control', longLived]], body });
        serve(io, origin, collection, { status: 201, fields: [['Location', created]], body: 'made' });
        await viaCache(io, created);
        await viaCache(io, collection, [], 'POST');
        await viaCache(io, created);
        expectEqual(`requests for ${created} that reached the origin`, origin.requests(created).length, 2);
      }),
  }),
]);
