import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fieldValue } from '../http/response-reader.ts';
import { entityTag, extensionFieldName, responseBody, tokenValue } from './arbitraries.ts';
import { askTwice, expectBody, longLived, requireReuse } from './cache-exchange.ts';
import { withOrigin } from './controllable-origin.ts';
import { revalidatedBy304 } from './revalidation.ts';

/**
 * RFC 9111 §3: what a shared cache may keep. Connection-specific fields are not stored
 * (§3.1), a 304 updates the stored fields (§3.2), and a response to a request with
 * Authorization is stored only when the origin allows sharing it (§3.5).
 */

const citation = (section: string, title: string) => ({ suite: 'http-cache', rfc: 'RFC 9111', section, title });

export const storingFields = section(citation('3.1', 'Storing Header and Trailer Fields'), [
  rule({
    slug: 'connection-named-field-not-stored',
    level: 'MUST',
    title: 'A field the origin named in Connection is not stored, so a reused response lacks it',
    sends: `GET twice for a path answered with Cache-Control: ${longLived}, Connection: X-Rfcheck-…, X-Rfcheck-…: v`,
    input: fc.tuple(extensionFieldName(), tokenValue(), responseBody()),
    maxRuns: 5,
    check: (io, [name, value, body]) =>
      withOrigin(async (origin) => {
        const path = origin.path('hop-stored');
        const { second, hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', longLived], ['Connection', name], [name, value]], body });
        requireReuse(io, hits, 'the response');
        expectEqual(`${name} in the reused response`, fieldValue(second, name), undefined);
      }),
  }),
]);

export const updatingFields = section(citation('3.2', 'Updating Stored Header Fields'), [
  rule({
    slug: 'not-modified-fields-replace-stored',
    level: 'MUST',
    title: 'Fields of a 304 replace those of the stored response it validates; the stored content stays',
    sends: 'GET for a stale stored response with X-Rfcheck-Version: 1; the origin answers 304 with X-Rfcheck-Version: 2',
    input: fc.tuple(entityTag(), responseBody()),
    maxRuns: 5,
    check: (io, [tag, body]) =>
      withOrigin(async (origin) => {
        const { revalidated } = await revalidatedBy304(io, origin, tag, body, [['X-Rfcheck-Version', '2']]);
        expectBody(revalidated, body, 'the response after a 304');
        const versions = revalidated.fields.filter((f) => f.name.toLowerCase() === 'x-rfcheck-version').map((f) => f.value);
        expectEqual('X-Rfcheck-Version of the response after the 304', versions.join(', '), '2');
      }),
  }),
]);

export const authenticated = section(citation('3.5', 'Storing Responses to Authenticated Requests'), [
  rule({
    slug: 'authorized-response-not-shared',
    level: 'MUST',
    title: 'A response to a request with Authorization is not reused when it says neither public, s-maxage nor must-revalidate',
    sends: `GET twice with Authorization for a path answered with Cache-Control: ${longLived}`,
    input: fc.tuple(tokenValue(), responseBody()),
    maxRuns: 5,
    check: (io, [credentials, body]) =>
      withOrigin(async (origin) => {
        const path = origin.path('authorized');
        const authorization: [string, string][] = [['Authorization', `Bearer ${credentials}`]];
        const { hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', longLived]], body }, { first: authorization });
        expectThat(hits === 2, 'the response to an authorized request was stored and reused', '2 requests at the origin', `${hits}`);
      }),
  }),
  rule({
    slug: 'authorized-public-reused',
    level: 'MAY',
    title: 'A response to a request with Authorization that says public is shared (informational)',
    sends: 'GET twice with Authorization for a path answered with Cache-Control: public, max-age=3600',
    input: fc.tuple(tokenValue(), responseBody()),
    maxRuns: 4,
    check: (io, [credentials, body]) =>
      withOrigin(async (origin) => {
        const path = origin.path('authorized-public');
        const authorization: [string, string][] = [['Authorization', `Bearer ${credentials}`]];
        const { second, hits } = await askTwice(io, origin, path, { fields: [['Cache-Control', `public, ${longLived}`]], body }, { first: authorization });
        expectEqual('requests that reached the origin', hits, 1);
        expectBody(second, body, 'the reused response');
      }),
  }),
]);
