import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import {
  fieldName,
  fieldNameWithForbiddenOctet,
  fieldValue,
  fieldValueWithEdgeWhitespace,
  fieldValueWithForbiddenOctet,
  regularFields,
  uppercaseFieldName,
} from './arbitraries.ts';
import { ErrorCode, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';
import type { HeaderField } from './hpack/static-table.ts';
import { malformedRequestRule } from './rule-shapes.ts';

/**
 * RFC 9113 §8: how HTTP messages ride on streams, and which field sections make a request
 * malformed. A malformed request is a stream error of type PROTOCOL_ERROR (§8.1.1); a server may
 * answer 400 first, which also passes.
 */

const cite = (sectionNumber: string, title: string) => ({ suite: 'http2', rfc: 'RFC 9113', section: sectionNumber, title });

/** A POST on a new stream with `data`, ended by a trailer section. */
async function postWithTrailers(client: H2Client, data: Uint8Array, trailers: HeaderField[], endStream: boolean): Promise<number> {
  const streamId = client.newStreamId();
  await client.request(streamId, client.requestFields('/', [], 'POST'), false);
  await client.send(frames.data(streamId, data), frames.headers(streamId, client.encoder.encode(trailers), { endStream }));
  return streamId;
}

export const messageFraming = section(cite('8.1', 'HTTP Message Framing'), [
  rule({
    slug: 'trailers-without-end-stream',
    level: 'MUST',
    title: 'A trailer HEADERS frame without END_STREAM makes the request malformed',
    sends: 'a POST with DATA, then a trailer field block without END_STREAM',
    input: fc.record({ data: fc.uint8Array({ minLength: 1, maxLength: 50 }), trailers: regularFields(2).filter((t) => t.length > 0) }),
    maxRuns: 10,
    check: async (io, { data, trailers }) => {
      const client = await H2Client.start(io);
      const streamId = await postWithTrailers(client, data, trailers, false);
      await client.expectMalformed(streamId, 'trailers without END_STREAM');
    },
  }),
]);

export const malformedMessages = section(cite('8.1.1', 'Malformed Messages'), [
  rule({
    slug: 'content-length-mismatch',
    level: 'MUST',
    title: 'A request whose content-length differs from the DATA it carries is malformed',
    sends: 'a POST announcing content-length n, then m ≠ n octets of DATA with END_STREAM',
    input: fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 })).filter(([n, m]) => n !== m),
    maxRuns: 15,
    check: async (io, [announced, sent]) => {
      const client = await H2Client.start(io);
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields('/', [['content-length', String(announced)]], 'POST'), false);
      await client.send(frames.data(streamId, Buffer.alloc(sent, 0x62), { endStream: true }));
      await client.expectMalformed(streamId, `content-length ${announced} with ${sent} octets of DATA`);
    },
  }),
]);

export const fieldRules = section(cite('8.2', 'HTTP Fields'), [
  malformedRequestRule({
    slug: 'uppercase-field-name',
    title: 'A request with an uppercase letter in a field name is malformed',
    sends: 'a GET with one generated field whose name holds an uppercase letter',
    input: fc.tuple(uppercaseFieldName(), fieldValue()),
    maxRuns: 15,
    fields: (client, field) => client.requestFields('/', [field]),
  }),
]);

export const fieldValidity = section(cite('8.2.1', 'Field Validity'), [
  malformedRequestRule({
    slug: 'forbidden-octet-in-field-name',
    title: 'A request with a control octet, space, DEL, a high octet or an inner colon in a field name is malformed',
    sends: 'a GET with one generated field whose name holds a forbidden octet',
    input: fc.tuple(fieldNameWithForbiddenOctet(), fieldValue()),
    maxRuns: 20,
    fields: (client, field) => client.requestFields('/', [field]),
  }),
  malformedRequestRule({
    slug: 'nul-cr-lf-in-field-value',
    title: 'A request with NUL, CR or LF in a field value is malformed',
    sends: 'a GET with one generated field whose value holds NUL, CR or LF',
    input: fc.tuple(fieldName(), fieldValueWithForbiddenOctet()),
    maxRuns: 20,
    fields: (client, field) => client.requestFields('/', [field]),
  }),
  malformedRequestRule({
    slug: 'whitespace-at-field-value-edge',
    title: 'A request with a field value that starts or ends with SP or HTAB is malformed',
    sends: 'a GET with one generated field whose value has leading or trailing whitespace',
    input: fc.tuple(fieldName(), fieldValueWithEdgeWhitespace()),
    maxRuns: 15,
    fields: (client, field) => client.requestFields('/', [field]),
  }),
]);

const connectionSpecific = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'];

export const connectionSpecificFields = section(cite('8.2.2', 'Connection-Specific Header Fields'), [
  malformedRequestRule({
    slug: 'connection-specific-field',
    title: 'A request carrying a connection-specific field (Connection, Keep-Alive, Proxy-Connection, Transfer-Encoding, Upgrade) is malformed',
    sends: 'a GET with one of those fields and a plausible value',
    input: fc.tuple(fc.constantFrom(...connectionSpecific), fc.constantFrom('close', 'keep-alive', 'chunked', 'h2c', 'timeout=5')),
    maxRuns: 15,
    fields: (client, field) => client.requestFields('/', [field]),
  }),
  malformedRequestRule({
    slug: 'te-other-than-trailers',
    title: 'A request whose TE field holds anything but "trailers" is malformed',
    sends: 'a GET with TE set to a generated value other than trailers',
    input: fc.constantFrom('gzip', 'trailers, deflate', 'chunked', 'compress', 'deflate;q=0.5'),
    maxRuns: 5,
    fields: (client, te) => client.requestFields('/', [['te', te]]),
  }),
  rule({
    slug: 'te-trailers-accepted',
    level: 'MUST',
    title: 'A request with "te: trailers" is not malformed and is answered',
    sends: 'a GET with te: trailers and generated regular fields',
    input: regularFields(3),
    maxRuns: 10,
    check: async (io, extra) => {
      const client = await H2Client.start(io);
      await client.get('/', [['te', 'trailers'], ...extra]);
    },
  }),
  rule({
    slug: 'no-connection-specific-field-in-response',
    level: 'MUST',
    title: 'The server sends no connection-specific field in a response',
    sends: 'a GET with generated regular fields',
    input: regularFields(2),
    maxRuns: 10,
    check: async (io, extra) => {
      const client = await H2Client.start(io);
      const response = await client.get('/', extra);
      const found = response.fields.find((f) => connectionSpecific.includes(f.name) || (f.name === 'te' && f.value !== 'trailers'));
      expectThat(!found, 'the response carries a connection-specific field', 'none', found ? `${found.name}: ${found.value}` : '');
    },
  }),
]);

const pseudoFields = [':method', ':scheme', ':authority', ':path'] as const;

export const controlData = section(cite('8.3', 'HTTP Control Data'), [
  rule({
    slug: 'pseudo-header-in-trailers',
    level: 'MUST',
    title: 'A trailer section carrying a pseudo-header field makes the request malformed',
    sends: 'a POST with DATA, then trailers with END_STREAM that include a pseudo-header field',
    input: fc.record({ data: fc.uint8Array({ minLength: 1, maxLength: 50 }), pseudo: fc.constantFrom(...pseudoFields, ':status') }),
    maxRuns: 10,
    check: async (io, { data, pseudo }) => {
      const client = await H2Client.start(io);
      const streamId = await postWithTrailers(client, data, [[pseudo, pseudo === ':status' ? '200' : '/'], ['x-trailer', 'yes']], true);
      await client.expectMalformed(streamId, `${pseudo} in a trailer section`);
    },
  }),
  malformedRequestRule({
    slug: 'pseudo-header-after-regular-field',
    title: 'A pseudo-header field after a regular field makes the request malformed',
    sends: 'a GET whose field block moves one pseudo-header field after a generated regular field',
    input: fc.record({ moved: fc.integer({ min: 0, max: 3 }), field: fc.tuple(fieldName(), fieldValue()) }),
    maxRuns: 12,
    fields: (client, { moved, field }) => {
      const fields = client.requestFields();
      const [pseudo] = fields.splice(moved, 1);
      return [...fields, field, ...(pseudo ? [pseudo] : [])];
    },
  }),
  malformedRequestRule({
    slug: 'undefined-pseudo-header',
    title: 'A request with a pseudo-header field the protocol does not define is malformed',
    sends: 'a GET with an extra generated :name pseudo-header field',
    input: fc.tuple(fc.stringMatching(/^:[a-z]{1,10}$/).filter((n) => !['method', 'scheme', 'authority', 'path', 'status', 'protocol'].includes(n.slice(1))), fieldValue()),
    maxRuns: 12,
    fields: (client, field) => [field, ...client.requestFields()],
  }),
  malformedRequestRule({
    slug: 'response-pseudo-header-in-request',
    title: 'A request carrying the :status pseudo-header field is malformed',
    sends: 'a GET with :status among its pseudo-header fields',
    input: fc.integer({ min: 100, max: 599 }),
    maxRuns: 6,
    fields: (client, status) => [[':status', String(status)], ...client.requestFields()],
  }),
]);

export const requestPseudoHeaders = section(cite('8.3.1', 'Request Pseudo-Header Fields'), [
  malformedRequestRule({
    slug: 'missing-mandatory-pseudo-header',
    title: 'A request without :method, :scheme or :path is malformed',
    sends: 'a GET with one or more of :method, :scheme, :path left out',
    input: fc.subarray([':method', ':scheme', ':path'], { minLength: 1 }),
    maxRuns: 10,
    fields: (client, missing) => client.requestFields().filter(([name]) => !missing.includes(name)),
  }),
  malformedRequestRule({
    slug: 'duplicate-pseudo-header',
    title: 'A request repeating a pseudo-header field is malformed',
    sends: 'a GET with one of its pseudo-header fields repeated (same or other value)',
    input: fc.record({ which: fc.constantFrom(...pseudoFields), same: fc.boolean() }),
    maxRuns: 10,
    fields: (client, { which, same }) => {
      const fields = client.requestFields();
      const original = fields.find(([name]) => name === which);
      const copy: HeaderField = [which, same ? (original?.[1] ?? '') : which === ':method' ? 'HEAD' : which === ':path' ? '/other' : which === ':scheme' ? 'https' : 'example.test'];
      return [...fields.slice(0, 4), copy, ...fields.slice(4)];
    },
  }),
  malformedRequestRule({
    slug: 'empty-path',
    title: 'A request for an http URI with an empty :path is malformed',
    sends: 'a GET with :path ""',
    input: fc.constantFrom('GET', 'HEAD', 'POST'),
    maxRuns: 3,
    fields: (client, method) => client.requestFields('', [], method),
  }),
]);

export const responsePseudoHeaders = section(cite('8.3.2', 'Response Pseudo-Header Fields'), [
  rule({
    slug: 'response-has-one-status',
    level: 'MUST',
    title: 'Every response carries exactly one :status (three digits), before any regular field, and no other pseudo-header field',
    sends: 'a GET for / or a generated missing path',
    input: fc.oneof(fc.constant('/'), fc.stringMatching(/^\/[a-z0-9]{1,12}$/)),
    maxRuns: 10,
    check: async (io, path) => {
      const client = await H2Client.start(io);
      const { fields } = await client.get(path);
      const statuses = fields.filter((f) => f.name === ':status');
      expectThat(statuses.length === 1 && /^\d{3}$/.test(statuses[0]?.value ?? ''), 'the response does not carry exactly one three-digit :status', 'one :status', JSON.stringify(statuses.map((f) => f.value)));
      const firstRegular = fields.findIndex((f) => !f.name.startsWith(':'));
      const lastPseudo = fields.map((f) => f.name.startsWith(':')).lastIndexOf(true);
      expectThat(firstRegular < 0 || lastPseudo < firstRegular, 'a pseudo-header field follows a regular field in the response', 'pseudo-header fields first', fields.map((f) => f.name).join(', '));
      const other = fields.find((f) => f.name.startsWith(':') && f.name !== ':status');
      expectThat(!other, 'the response carries a request pseudo-header field', 'only :status', other?.name ?? '');
    },
  }),
]);

export const serverPush = section(cite('8.4', 'Server Push'), [
  rule({
    slug: 'push-promise-from-client',
    level: 'MUST',
    title: 'A PUSH_PROMISE sent by a client is a connection error of type PROTOCOL_ERROR',
    sends: 'a GET held open, then PUSH_PROMISE on it promising a generated even stream',
    input: fc.integer({ min: 1, max: 1000 }).map((n) => 2 * n),
    maxRuns: 10,
    check: async (io, promised) => {
      const client = await H2Client.start(io);
      const streamId = client.newStreamId();
      await client.request(streamId, client.requestFields('/', [], 'POST'), false);
      const promise = Buffer.alloc(4);
      promise.writeUInt32BE(promised, 0);
      const block = client.encoder.encode(client.requestFields('/pushed'));
      await client.send({ type: 0x5, flags: 0x4, streamId, payload: Buffer.concat([promise, block]) });
      await client.expectConnectionError([ErrorCode.PROTOCOL_ERROR], 'PUSH_PROMISE from the client');
    },
  }),
]);

const connectVariants = ['scheme', 'path', 'both', 'no-authority'] as const;

/** A CONNECT field section breaking §8.5 in one way: extra :scheme and/or :path, or no :authority. */
function connectFields(variant: (typeof connectVariants)[number], authority: string): HeaderField[] {
  const fields: HeaderField[] = [[':method', 'CONNECT']];
  if (variant !== 'no-authority') fields.push([':authority', authority]);
  if (variant === 'scheme' || variant === 'both') fields.push([':scheme', 'http']);
  if (variant === 'path' || variant === 'both' || variant === 'no-authority') fields.push([':path', '/']);
  return fields;
}

export const connectMethod = section(cite('8.5', 'The CONNECT Method'), [
  rule({
    slug: 'connect-with-scheme-or-path',
    level: 'MUST',
    title: 'A CONNECT request that carries :scheme or :path, or lacks :authority, is malformed',
    sends: 'each of the four malformed CONNECT shapes, in a generated order, to a generated authority, one connection each',
    input: fc.record({ order: fc.shuffledSubarray([...connectVariants], { minLength: 4, maxLength: 4 }), port: fc.integer({ min: 1, max: 65535 }) }),
    maxRuns: 4,
    check: async (io, { order, port }) => {
      for (const variant of order) {
        const client = await H2Client.start(io);
        const streamId = client.newStreamId();
        await client.request(streamId, connectFields(variant, `example.test:${port}`));
        await client.expectMalformed(streamId, `CONNECT (${variant})`);
      }
    },
  }),
]);
