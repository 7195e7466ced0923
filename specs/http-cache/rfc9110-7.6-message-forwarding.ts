import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fieldValue } from '../http/response-reader.ts';
import { extensionFieldName, responseBody, tokenValue } from './arbitraries.ts';
import { serve, viaCache } from './cache-exchange.ts';
import { requestField, withOrigin } from './controllable-origin.ts';

/**
 * RFC 9110 §7.6: what an intermediary does to every message it forwards. Connection and the
 * fields it names end at the hop (§7.6.1); a Via entry records the hop (§7.6.3). Checked in
 * both directions: the request the origin receives and the response the client receives.
 */

const citation = (section: string, title: string) => ({ suite: 'http-cache', rfc: 'RFC 9110', section, title });

export const connection = section(citation('7.6.1', 'Connection'), [
  rule({
    slug: 'request-connection-fields-removed',
    level: 'MUST',
    title: 'A field the client named in Connection is not forwarded to the origin',
    sends: 'GET with Connection: X-Rfcheck-… and that field',
    input: fc.tuple(extensionFieldName(), tokenValue()),
    maxRuns: 5,
    check: (io, [name, value]) =>
      withOrigin(async (origin) => {
        const path = origin.path('hop-request');
        serve(io, origin, path, { fields: [['Cache-Control', 'no-store']], body: 'x' });
        await viaCache(io, path, [['Connection', name], [name, value]]);
        const received = origin.requests(path)[0];
        expectThat(received !== undefined, 'the request never reached the origin');
        io.step(`the origin received ${JSON.stringify(received.fields)}`);
        expectEqual(`${name} at the origin`, requestField(received, name), undefined);
      }),
  }),
  rule({
    slug: 'response-connection-fields-removed',
    level: 'MUST',
    title: 'A field the origin named in Connection is not forwarded to the client',
    sends: 'GET for a path answered with Connection: X-Rfcheck-… and that field',
    input: fc.tuple(extensionFieldName(), tokenValue(), responseBody()),
    maxRuns: 5,
    check: (io, [name, value, body]) =>
      withOrigin(async (origin) => {
        const path = origin.path('hop-response');
        serve(io, origin, path, { fields: [['Cache-Control', 'no-store'], ['Connection', name], [name, value]], body });
        const response = await viaCache(io, path);
        expectEqual(`${name} in the forwarded response`, fieldValue(response, name), undefined);
      }),
  }),
]);

export const via = section(citation('7.6.3', 'Via'), [
  rule({
    slug: 'via-on-forwarded-request',
    level: 'MUST',
    title: 'The request forwarded to the origin carries a Via field',
    sends: 'GET for a path; reads the request the origin received',
    input: responseBody(),
    maxRuns: 3,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('via-request');
        serve(io, origin, path, { fields: [['Cache-Control', 'no-store']], body });
        await viaCache(io, path);
        const received = origin.requests(path)[0];
        expectThat(received !== undefined, 'the request never reached the origin');
        expectThat(requestField(received, 'via') !== undefined, 'the forwarded request has no Via field', 'Via: 1.1 <pseudonym>', JSON.stringify(received.fields));
      }),
  }),
  rule({
    slug: 'via-on-forwarded-response',
    level: 'MUST',
    title: 'The response forwarded to the client carries a Via field',
    sends: 'GET for a path answered without Via',
    input: responseBody(),
    maxRuns: 3,
    check: (io, body) =>
      withOrigin(async (origin) => {
        const path = origin.path('via-response');
        serve(io, origin, path, { fields: [['Cache-Control', 'no-store']], body });
        const response = await viaCache(io, path);
        expectThat(fieldValue(response, 'via') !== undefined, 'the forwarded response has no Via field', 'Via: 1.1 <pseudonym>', 'no Via');
      }),
  }),
]);
