import fc from 'fast-check';

/** Generators for FTP inputs: names, contents, text, verbs. */

const nameChars = 'abcdefghijklmnopqrstuvwxyz0123456789_-';

/** A portable file name: letters, digits, '-' and '_', an optional extension. */
export const fileName = (): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.string({ unit: fc.constantFrom(...nameChars), minLength: 1, maxLength: 12 }),
      fc.option(fc.constantFrom('txt', 'bin', 'dat', 'md'), { nil: undefined }),
    )
    .map(([stem, extension]) => (extension ? `${stem}.${extension}` : stem));

/** Two different file names. */
export const twoFileNames = (): fc.Arbitrary<[string, string]> =>
  fc.tuple(fileName(), fileName()).filter(([a, b]) => a !== b);

/** Any bytes: CR, LF, NUL and 0xFF included, which TYPE I must carry untouched. */
export const fileBytes = (maxLength = 4096): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });

/**
 * Bytes of a generated length filled by a seeded generator (xorshift32): every byte value
 * occurs, yet a failing case shrinks by length and seed alone, not byte by byte.
 */
export const seededBytes = (maxLength: number): fc.Arbitrary<Uint8Array> =>
  fc.tuple(fc.integer({ min: 0, max: maxLength }), fc.integer({ min: 1, max: 0x7fffffff })).map(([length, seed]) => {
    const bytes = new Uint8Array(length);
    let state = seed;
    for (let i = 0; i < length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      bytes[i] = state & 0xff;
    }
    return bytes;
  });

/** Lines of printable ASCII (no CR or LF inside a line). */
export const textLines = (maxLines = 12): fc.Arbitrary<string[]> =>
  fc.array(fc.string({ unit: 'grapheme-ascii', maxLength: 40 }), { minLength: 1, maxLength: maxLines });

/** Verbs no FTP RFC defines (four upper-case letters outside the command list). */
const knownVerbs = new Set(
  'ABOR ACCT ADAT ALLO APPE AUTH CCC CDUP CONF CWD DELE ENC EPRT EPSV FEAT HELP HOST LANG LIST LPRT LPSV MDTM MIC MKD MLSD MLST MODE NLST NOOP OPTS PASS PASV PBSZ PORT PROT PWD QUIT REIN REST RETR RMD RNFR RNTO SITE SIZE SMNT STAT STOR STOU STRU SYST TYPE USER XCUP XCWD XMKD XPWD XRCP XRMD XRSQ XSEM XSEN CLNT MFMT MFCT MFF AVBL CSID DSIZ HASH RMDA SPSV THMB'.split(' '),
);
export const unknownVerb = (): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 4, maxLength: 4 }).filter((verb) => !knownVerbs.has(verb));

/** A delimiter EPRT allows (RFC 2428 §2: ASCII 33–126), never a digit, '.' or ':' that addresses use. */
export const eprtDelimiter = (): fc.Arbitrary<string> =>
  fc.integer({ min: 33, max: 126 }).map((code) => String.fromCharCode(code)).filter((c) => !/[0-9.:]/.test(c));
