import fc from 'fast-check';
import { type SettingEntry, Setting, largestWindow } from './frame.ts';

/** Generators for frames and their fields. Invalid-input generators are named for the rule they break. */

export const pingPayload = (): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: 8, maxLength: 8 });

/** Lengths other than `valid`, from 0 to `max`. */
export const wrongLength = (valid: number, max = 32): fc.Arbitrary<number> => fc.integer({ min: 0, max }).filter((n) => n !== valid);

/** A pad length and content length that leave no room: Pad Length ≥ the rest of the payload. */
export const oversizedPadding = (): fc.Arbitrary<{ content: number; pad: number }> =>
  fc.integer({ min: 0, max: 40 }).chain((content) => fc.record({ content: fc.constant(content), pad: fc.integer({ min: content + 1, max: 255 }) }));

export const padLength = (): fc.Arbitrary<number> => fc.integer({ min: 0, max: 255 });

/** Flag bits a frame type does not define (§4.1): for PING all but ACK. */
export const undefinedPingFlags = (): fc.Arbitrary<number> => fc.integer({ min: 1, max: 0x7f }).map((n) => n << 1);
/** For HEADERS, bits other than END_STREAM, END_HEADERS, PADDED and PRIORITY: 0x02, 0x10, 0x40, 0x80. */
export const undefinedHeadersFlags = (): fc.Arbitrary<number> =>
  fc.subarray([0x02, 0x10, 0x40, 0x80], { minLength: 1 }).map((bits) => bits.reduce((a, b) => a | b, 0));

/** Frame types no RFC the target is likely to implement defines (extensions 0xa–0x10 are left out). */
export const unknownFrameType = (): fc.Arbitrary<number> => fc.integer({ min: 0x11, max: 0xff });

/** Setting identifiers no RFC defines (0x8 and 0x9 belong to RFC 8441 and RFC 9218). */
export const unknownSettingId = (): fc.Arbitrary<number> => fc.integer({ min: 0x0a, max: 0xffff });

/**
 * Valid values for each defined setting a client may send, short of the largest allowed window
 * and frame size (those extremes have a rule of their own, §6.5.2).
 */
export const validClientSettings = (): fc.Arbitrary<SettingEntry[]> =>
  fc.array(
    fc.oneof(
      fc.tuple(fc.constant(Setting.HEADER_TABLE_SIZE), fc.integer({ min: 0, max: 65_536 })),
      fc.tuple(fc.constant(Setting.ENABLE_PUSH), fc.integer({ min: 0, max: 1 })),
      fc.tuple(fc.constant(Setting.MAX_CONCURRENT_STREAMS), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
      fc.tuple(fc.constant(Setting.INITIAL_WINDOW_SIZE), fc.integer({ min: 65_535, max: largestWindow - 1 })),
      fc.tuple(fc.constant(Setting.MAX_FRAME_SIZE), fc.integer({ min: 16_384, max: 2 ** 24 - 2 })),
      fc.tuple(fc.constant(Setting.MAX_HEADER_LIST_SIZE), fc.integer({ min: 16_384, max: 2 ** 32 - 1 })),
    ).map(([id, value]) => [id, value] as SettingEntry),
    { maxLength: 6 },
  );

/** Odd identifiers for new client streams. */
export const clientStreamId = (min = 1, max = 2 ** 20): fc.Arbitrary<number> =>
  fc.integer({ min: Math.ceil((min - 1) / 2), max: Math.floor((max - 1) / 2) }).map((n) => 2 * n + 1);

export const errorCode = (): fc.Arbitrary<number> => fc.oneof(fc.integer({ min: 0, max: 0xd }), fc.integer({ min: 0, max: 2 ** 32 - 1 }));

/** A lowercase token for a regular field name. */
export const fieldName = (): fc.Arbitrary<string> => fc.stringMatching(/^x-[a-z0-9-]{1,12}$/);
/** A field value with no leading or trailing whitespace and no CR, LF or NUL. */
export const fieldValue = (): fc.Arbitrary<string> => fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);

export const regularFields = (max = 3): fc.Arbitrary<[string, string][]> =>
  fc.uniqueArray(fc.tuple(fieldName(), fieldValue()), { maxLength: max, selector: ([name]) => name });

/** A field name with at least one uppercase letter (§8.2). */
export const uppercaseFieldName = (): fc.Arbitrary<string> =>
  fc.tuple(fieldName(), fc.nat()).map(([name, at]) => {
    const letters = [...name].map((c, i) => (/[a-z]/.test(c) ? i : -1)).filter((i) => i >= 0);
    const index = letters[at % letters.length] ?? 0;
    return name.slice(0, index) + (name[index] ?? 'x').toUpperCase() + name.slice(index + 1);
  });

/** Field names holding an octet §8.2.1 forbids (controls, space, DEL, high octets, a colon after the start). */
export const fieldNameWithForbiddenOctet = (): fc.Arbitrary<string> =>
  fc
    .tuple(fieldName(), fc.oneof(fc.integer({ min: 0x00, max: 0x20 }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x3a)), fc.nat())
    .map(([name, octet, at]) => {
      const index = 1 + (at % name.length);
      return name.slice(0, index) + String.fromCharCode(octet) + name.slice(index);
    });

/** Field values holding NUL, CR or LF somewhere (§8.2.1). */
export const fieldValueWithForbiddenOctet = (): fc.Arbitrary<string> =>
  fc.tuple(fieldValue(), fc.constantFrom('\0', '\r', '\n'), fc.nat()).map(([value, octet, at]) => {
    const index = at % (value.length + 1);
    return value.slice(0, index) + octet + value.slice(index);
  });

/** Field values that start or end with SP or HTAB (§8.2.1). */
export const fieldValueWithEdgeWhitespace = (): fc.Arbitrary<string> =>
  fc.tuple(fieldValue(), fc.constantFrom(' ', '\t'), fc.constantFrom('start', 'end', 'both')).map(([value, space, where]) =>
    where === 'start' ? space + value : where === 'end' ? value + space : space + value + space,
  );

/** 1–4 cut positions, in thousandths of a field block's length (so they fit any block). */
export const cutPositions = (): fc.Arbitrary<number[]> => fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 4 });

/** Cuts `block` at the given thousandths of its length; fragments may be empty. */
export function splitAt(block: Buffer, thousandths: number[]): Buffer[] {
  const points = thousandths.map((t) => Math.floor((t / 1000) * block.length)).sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let start = 0;
  for (const point of points) {
    parts.push(block.subarray(start, point));
    start = point;
  }
  parts.push(block.subarray(start));
  return parts;
}
