import fc from 'fast-check';
import { token } from './arbitraries.ts';

/** Generators of requests that break one rule each; named for the rule they break. */

/** Request-lines that do not match `method SP request-target SP HTTP-version` (RFC 9112 §3). */
export const malformedRequestLine = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.tuple(token(1, 8), token(1, 8)).map(([a, b]) => `GET /${a} HTTP/1.1 ${b}`),
    fc.uint8Array({ minLength: 1, maxLength: 12, min: 0, max: 8 }).map((bytes) => `G${Buffer.from(bytes).toString('latin1')}T / HTTP/1.1`),
    // Not a doubled space: RFC 9112 §3 lets a recipient split the request-line on any whitespace.
    fc.constantFrom('GET / HTTPS/1.1', 'GET / HTTP/1.1.1', 'GET / HTTP/1.x', 'GET / HTTP/1.1 HTTP/1.1'),
  );

/** Host values that are not `uri-host [ ":" port ]` (RFC 9110 §7.2, RFC 3986 §3.2.2). */
export const invalidHostValue = (): fc.Arbitrary<string> =>
  fc.tuple(fc.string({ unit: fc.constantFrom(...'abcdefgh'.split('')), minLength: 1, maxLength: 8 }), fc.constantFrom('/', '\\', '@x/', ' ', '"', '<', '{'))
    .map(([name, bad]) => `${name}${bad}${name}`);

/** Content-Length values that are not 1*DIGIT (RFC 9110 §8.6). */
export const invalidContentLength = (): fc.Arbitrary<string> =>
  fc.tuple(fc.integer({ min: 1, max: 30 }), fc.constantFrom('+', '-', '0x', ' x', 'e1', '.0', '_'))
    .map(([n, bad]) => (bad.startsWith('+') || bad.startsWith('-') || bad === '0x' ? `${bad}${n}` : `${n}${bad}`));

/** Two different Content-Length values, as two field lines or as one list (RFC 9112 §6.3). */
export const conflictingContentLengths = (): fc.Arbitrary<{ values: [number, number]; asList: boolean }> =>
  fc.record({ values: fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 21, max: 40 })), asList: fc.boolean() })
    .map(({ values, asList }) => ({ values: values as [number, number], asList }));

/** Whitespace (SP or HTAB, one to three) where the grammar allows none. */
export const stray = (): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(' ', '\t'), minLength: 1, maxLength: 3 });
