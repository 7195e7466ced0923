import fc from 'fast-check';

/** Generators for the uppercase apps' messages. */

const lowercaseA = 0x61;
const lowercaseZ = 0x7a;
const lineFeed = 0x0a;

/** Printable ASCII text (letters, digits, punctuation, space). */
export const printableText = (maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength });

/** Bytes the app must leave alone: anything but a–z; `withLineFeed` also allows LF. */
export const bytesOtherThanLowercase = (maxLength: number, withLineFeed: boolean): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({
    minLength: 1,
    maxLength,
    min: 0,
    max: 255,
  }).map((bytes) => bytes.filter((b) => (b < lowercaseA || b > lowercaseZ) && (withLineFeed || b !== lineFeed)))
    .filter((bytes) => bytes.length > 0);

/** Messages that identify a client and that uppercasing leaves unchanged (digits and '-'). */
export const clientTags = (minClients: number, maxClients: number): fc.Arbitrary<string[]> =>
  fc
    .tuple(fc.integer({ min: minClients, max: maxClients }), fc.integer({ min: 0, max: 999_999 }))
    .map(([count, nonce]) => Array.from({ length: count }, (_, i) => `${i}-${nonce}`));

/** The expected answer: a–z uppercased, every other byte unchanged. */
export function expectedUppercase(data: Uint8Array): Buffer {
  return Buffer.from(Array.from(data, (b) => (b >= lowercaseA && b <= lowercaseZ ? b - 0x20 : b)));
}
