import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { RequestReader, type ReadStep } from '../../../reference/http/request-reader.ts';
import { defaultRequestLimits } from '../../../reference/http/request-limits.ts';
import { encodeChunked, token } from '../../../specs/http/arbitraries.ts';
import { testSeed } from '../../support/fixed-seed.ts';

/** The reference's request parser: valid requests round-trip, invalid ones get their status. */

const settings = { seed: testSeed, numRuns: 200 };

const lower = (s: string): string => s.toLowerCase();
const fieldValue = fc.string({ unit: fc.constantFrom(...'abc xyz,;=/0123456789'.split('')), maxLength: 20 }).map((v) => v.trim());
const extensionFields = fc.uniqueArray(fc.tuple(token(1, 10).map((t) => `X-${t}`), fieldValue), { maxLength: 5, selector: ([name]) => lower(name) });
const pathSegment = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-._~'.split('')), minLength: 1, maxLength: 8 });
const originTarget = fc.array(pathSegment, { maxLength: 4 }).map((parts) => `/${parts.join('/')}`);

interface Generated {
  method: string;
  target: string;
  fields: [string, string][];
  body: Uint8Array;
  chunked: boolean;
}

const validRequest: fc.Arbitrary<Generated> = fc.record({
  method: token(1, 10),
  target: originTarget,
  fields: extensionFields,
  body: fc.uint8Array({ maxLength: 300 }),
  chunked: fc.boolean(),
});

function serialize(request: Generated): Buffer {
  const framing = request.body.length === 0 ? [] : request.chunked ? ['Transfer-Encoding: chunked'] : [`Content-Length: ${request.body.length}`];
  const head = [`${request.method} ${request.target} HTTP/1.1`, 'Host: example.test', ...request.fields.map(([n, v]) => `${n}: ${v}`), ...framing].join('\r\n');
  const body = request.body.length === 0 ? Buffer.alloc(0) : request.chunked ? encodeChunked(request.body, { sizes: [request.body.length] }) : Buffer.from(request.body);
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body]);
}

/** Feeds `bytes` in pieces cut at `cuts` and collects every step until the bytes run out. */
function readAll(bytes: Buffer, cuts: number[] = []): ReadStep[] {
  const reader = new RequestReader(defaultRequestLimits);
  const steps: ReadStep[] = [];
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, bytes.length]) {
    reader.push(bytes.subarray(from, to));
    from = to;
    for (let step = reader.next(); step.kind !== 'incomplete'; step = reader.next()) {
      steps.push(step);
      if (step.kind === 'error') return steps;
    }
  }
  return steps;
}

function statusFor(text: string): number | undefined {
  const steps = readAll(Buffer.from(text, 'latin1'));
  const last = steps.at(-1);
  return last?.kind === 'error' ? last.error.status : undefined;
}

describe('RequestReader', () => {
  test.prop([fc.array(validRequest, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 6 })], settings)(
    'reads pipelined valid requests back in order, however the bytes are cut',
    (requests, cuts) => {
      const steps = readAll(Buffer.concat(requests.map(serialize)), cuts);
      expect(steps.map((s) => s.kind)).toEqual(requests.map(() => 'request'));
      steps.forEach((step, i) => {
        if (step.kind !== 'request') return;
        const sent = requests[i] as Generated;
        expect(step.request.method).toBe(sent.method);
        expect(step.request.target).toBe(sent.target);
        expect(Buffer.from(step.request.body)).toEqual(Buffer.from(sent.body));
        for (const [name, value] of sent.fields) expect(step.request.fields).toContainEqual({ name: lower(name), value });
      });
    },
  );

  test.prop([fc.uint8Array({ maxLength: 400 })], settings)('never throws on arbitrary bytes', (bytes) => {
    expect(() => readAll(Buffer.from(bytes))).not.toThrow();
  });

  const refusals: [string, string, number][] = [
    ['space before a colon', 'GET / HTTP/1.1\r\nHost: a\r\nAccept : */*\r\n\r\n', 400],
    ['obsolete line folding', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n 2\r\n\r\n', 400],
    ['whitespace before the first field', 'GET / HTTP/1.1\r\n Host: a\r\n\r\n', 400],
    ['a bare LF', 'GET / HTTP/1.1\nHost: a\r\n\r\n', 400],
    ['a bare CR', 'GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n', 400],
    ['a NUL in a value', 'GET / HTTP/1.1\r\nHost: a\r\nX-A: a\0b\r\n\r\n', 400],
    ['no Host in HTTP/1.1', 'GET / HTTP/1.1\r\nAccept: */*\r\n\r\n', 400],
    ['two Host lines', 'GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n', 400],
    ['an invalid Host', 'GET / HTTP/1.1\r\nHost: a/b\r\n\r\n', 400],
    ['both framings', 'PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ['chunked not last', 'PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n', 400],
    ['an unknown coding', 'PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: foo, chunked\r\n\r\n', 501],
    ['Transfer-Encoding in HTTP/1.0', 'PUT / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ['conflicting lengths', 'PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 1, 2\r\n\r\nab', 400],
    ['a signed length', 'PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\na', 400],
    ['a 2^64 + 1 length', 'PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 18446744073709551617\r\n\r\na', 413],
    ['a 2^64 + 1 chunk', 'PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000001\r\na\r\n0\r\n\r\n', 413],
    ['a malformed chunk-size', 'PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400],
    ['HTTP/2.0 in text', 'GET / HTTP/2.0\r\nHost: a\r\n\r\n', 505],
    ['a lowercase version', 'GET / http/1.1\r\nHost: a\r\n\r\n', 400],
    ['a target with a space', 'GET /a b HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['a 20 KiB target', `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: a\r\n\r\n`, 414],
    ['a 70 KiB field', `GET / HTTP/1.1\r\nHost: a\r\nX-A: ${'a'.repeat(70_000)}\r\n\r\n`, 431],
  ];
  for (const [what, text, status] of refusals) {
    test(`refuses ${what} with ${status}`, () => {
      expect(statusFor(text)).toBe(status);
    });
  }

  test('accepts chunk extensions and trailer fields', () => {
    const steps = readAll(Buffer.from('PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x="a;b"\r\nabc\r\n0;y\r\nX-T: 1\r\n\r\n', 'latin1'));
    expect(steps[0]?.kind === 'request' && steps[0].request.body.toString()).toBe('abc');
  });

  test('skips an empty line before the request-line', () => {
    expect(readAll(Buffer.from('\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n')).map((s) => s.kind)).toEqual(['request']);
  });
});
