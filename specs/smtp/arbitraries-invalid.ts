import fc from 'fast-check';
import { senderMailbox } from './arbitraries.ts';

/** Inputs that break one rule each of RFC 5321's grammar, named for what they break. */

/** MAIL arguments that are not `FROM:<path>`: no brackets, a half bracket, no colon, no FROM, a space in the path. */
export const malformedMailArgument = (): fc.Arbitrary<string> => malformedMailArguments().chain((all) => fc.constantFrom(...all));

/** All the malformed forms at once, for one mailbox. */
export const malformedMailArguments = (): fc.Arbitrary<string[]> =>
  senderMailbox().map((mailbox) => [
    `FROM:${mailbox}`,
    `FROM:<${mailbox}`,
    `FROM <${mailbox}>`,
    `<${mailbox}>`,
    `FROM:<${mailbox.replace('@', ' @')}>`,
    `FROM:<${mailbox.replace('@', '@@')}>`,
  ]);

/** Verbs no SMTP server implements (RFC 5321 §4.1.5 reserves X-verbs for private use; these are not even that). */
export const unknownVerb = (): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'BCFGJKLQWZ'.split('')), minLength: 4, maxLength: 8 }).map((v) => `Q${v}`);
