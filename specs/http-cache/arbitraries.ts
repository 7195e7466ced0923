import fc from 'fast-check';

/** Generators for the cache rules: bodies, entity tags, extension field names and values. */

/** A short printable body; distinct bodies let a rule tell a stored answer from a fresh one. */
export const responseBody = (): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 '), minLength: 1, maxLength: 40 });

/** A strong entity tag, quoted. */
export const entityTag = (): fc.Arbitrary<string> => fc.stringMatching(/^[a-z0-9]{1,12}$/).map((t) => `"${t}"`);

/** A field name of our own (never one a cache or origin gives meaning to). */
export const extensionFieldName = (): fc.Arbitrary<string> => fc.stringMatching(/^[a-z]{1,8}$/).map((n) => `X-Rfcheck-${n}`);

export const tokenValue = (): fc.Arbitrary<string> => fc.stringMatching(/^[a-z0-9]{1,10}$/);

/** Two different values for a request field named by Vary. */
export const distinctValues = (): fc.Arbitrary<[string, string]> =>
  fc.tuple(tokenValue(), tokenValue()).filter(([a, b]) => a !== b);

/** Methods that are not safe (RFC 9110 §9.2.1), so a cache writes them through and invalidates. */
export const unsafeMethod = (): fc.Arbitrary<string> => fc.constantFrom('POST', 'PUT', 'DELETE');
