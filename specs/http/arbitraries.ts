import fc from 'fast-check';
import { tcharClass } from './grammar.ts';

/** Generators of valid request pieces, from the ABNF up (RFC 9110 §5.6.2, RFC 9112 §3, §7.1). */

const tchars = tcharClass.replace('\\-', '-').replace('0-9A-Za-z', '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz').split('');
const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const lowerAndDigits = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');

export const token = (minLength = 1, maxLength = 12): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...tchars), minLength, maxLength });

/** Methods registered in the IANA registry (RFC 9110 §16.1): never "unknown". */
export const registeredMethods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'REPORT', 'ACL', 'BIND', 'LINK', 'UNLINK', 'MERGE', 'LABEL', 'UPDATE', 'CHECKIN', 'CHECKOUT', 'UNCHECKOUT', 'VERSION-CONTROL', 'MKACTIVITY', 'MKWORKSPACE', 'MKCALENDAR', 'MKREDIRECTREF', 'UPDATEREDIRECTREF', 'ORDERPATCH', 'BASELINE-CONTROL', 'REBIND', 'QUERY', 'PRI'];

/** An uppercase method name no registry knows, of `minLength`–`maxLength` letters. */
export const unknownMethod = (minLength = 4, maxLength = 12): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...upper), minLength, maxLength }).filter((m) => !registeredMethods.includes(m));

/** A harmless extension field name (`X-…`) and value. */
export const extensionField = (): fc.Arbitrary<[string, string]> =>
  fc.tuple(fc.string({ unit: fc.constantFrom(...lowerAndDigits), minLength: 1, maxLength: 10 }), fc.string({ unit: fc.constantFrom(...lowerAndDigits), minLength: 1, maxLength: 20 }))
    .map(([name, value]) => [`X-Probe-${name}`, value]);

/** A request body of arbitrary bytes. */
export const bodyBytes = (maxLength = 2048, minLength = 1): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength, maxLength });

/**
 * A name for a file in the upload area; rules make it unique per run (the target keeps state),
 * so a few names are enough and shrink in one step.
 */
export const uploadName = (): fc.Arbitrary<string> => fc.constantFrom('t-a.bin', 't-b.bin', 't-c.bin');

/**
 * Splits `length` bytes into chunk sizes; every chunk but the last has at least `minChunk`
 * bytes, so sizes of 16 and more (two hex digits) always occur in long enough bodies.
 */
export const chunkSizes = (length: number, minChunk = 16): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: Math.min(minChunk, Math.max(1, length)), max: Math.max(1, length) }), { minLength: 1, maxLength: 6 }).map((cuts) => {
    const sizes: number[] = [];
    let left = length;
    for (const cut of cuts) {
      if (left === 0) break;
      const size = Math.min(cut, left);
      sizes.push(size);
      left -= size;
    }
    if (left > 0) sizes.push(left);
    return sizes;
  });

/** How a chunk-size is written: case of the hex digits and leading zeros (both legal). */
export const hexStyle = (): fc.Arbitrary<{ upperCase: boolean; zeros: number }> =>
  fc.record({ upperCase: fc.boolean(), zeros: fc.integer({ min: 0, max: 3 }) });

export interface ChunkedBodyOptions {
  sizes: number[];
  style?: { upperCase: boolean; zeros: number };
  /** Extension text appended to each chunk-size (e.g. `;name=value`). */
  extension?: string;
  trailer?: [string, string][];
}

/** Encodes `body` with the chunked transfer coding (RFC 9112 §7.1). */
export function encodeChunked(body: Uint8Array, options: ChunkedBodyOptions): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  const size = (n: number): string => {
    const hex = n.toString(16);
    return '0'.repeat(options.style?.zeros ?? 0) + (options.style?.upperCase ? hex.toUpperCase() : hex);
  };
  for (const length of options.sizes) {
    parts.push(Buffer.from(`${size(length)}${options.extension ?? ''}\r\n`, 'latin1'), Buffer.from(body.subarray(at, at + length)), Buffer.from('\r\n'));
    at += length;
  }
  const trailer = (options.trailer ?? []).map(([n, v]) => `${n}: ${v}\r\n`).join('');
  parts.push(Buffer.from(`0${options.extension ?? ''}\r\n${trailer}\r\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** A chunk extension: token name, optionally `=` token or quoted-string (RFC 9112 §7.1.1). */
export const chunkExtension = (): fc.Arbitrary<string> =>
  fc.array(
    fc.tuple(token(1, 8), fc.option(fc.oneof(token(1, 8), fc.string({ unit: fc.constantFrom(...'abc xyz;=,'.split('')), maxLength: 10 }).map((s) => `"${s}"`)), { nil: undefined })),
    { minLength: 1, maxLength: 3 },
  ).map((extensions) => extensions.map(([name, value]) => `;${name}${value === undefined ? '' : `=${value}`}`).join(''));
