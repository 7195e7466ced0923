import fc from 'fast-check';

/** Generators for POP3 commands (RFC 1939 §3, §9), valid and deliberately invalid. */

export const knownKeywords = ['USER', 'PASS', 'APOP', 'QUIT', 'STAT', 'LIST', 'RETR', 'DELE', 'NOOP', 'RSET', 'TOP', 'UIDL', 'CAPA', 'AUTH', 'STLS', 'UTF8', 'LANG', 'XTND'];

/** A 3–4 letter keyword that is no POP3 command (nor a well-known extension). */
export const unknownKeyword = (): fc.Arbitrary<string> =>
  fc
    .string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 3, maxLength: 4 })
    .filter((word) => !knownKeywords.includes(word));

/** The same keyword in a random mix of upper and lower case. */
export const mixedCase = (word: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((lower) => [...word].map((c, i) => (lower[i] ? c.toLowerCase() : c.toUpperCase())).join(''));

/** A printable argument of up to 40 characters (§3), with no space. */
export const printableArgument = (): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 40 });

/** Commands only the TRANSACTION state accepts. */
export const transactionCommand = (): fc.Arbitrary<string> =>
  fc.constantFrom('STAT', 'LIST', 'LIST 1', 'RETR 1', 'DELE 1', 'NOOP', 'RSET', 'TOP 1 0', 'UIDL', 'UIDL 1');

/** An argument that is not a message-number: not decimal, zero, signed, or with trailing junk. */
export const notAMessageNumber = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom('0', '-1', '+1', '1x', 'x1', '1.0', '0x1', 'one', '1,2', '00'),
    fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz!#%'), minLength: 1, maxLength: 8 }),
  );

/** Commands that take a message number, with the number put in. */
export const numberedCommand = (argument: string): fc.Arbitrary<string> =>
  fc.constantFrom(`RETR ${argument}`, `DELE ${argument}`, `LIST ${argument}`, `TOP ${argument} 1`, `UIDL ${argument}`);

/** A password nobody has: printable, and marked so that it cannot be a real one. */
export const wrongPassword = (real: string): fc.Arbitrary<string> =>
  printableArgument().map((word) => `wrong-${word}`).filter((word) => word !== real);
