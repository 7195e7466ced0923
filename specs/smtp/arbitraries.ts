import fc from 'fast-check';
import { RuleNotApplicable } from '../../harness/core/errors.ts';
import type { RuleSetup } from '../../harness/core/rule.ts';
import { localMailboxes, mailDomain } from './mail-fixture.ts';

/** Valid SMTP inputs, built up from the RFC 5321 §4.1.2 grammar. */

const lowerAlnum = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');

/** A Let-dig label: letters and digits, 1–12 of them. */
export const label = (): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...lowerAlnum), minLength: 1, maxLength: 12 });

/** A Dot-string local part. */
export const localPart = (): fc.Arbitrary<string> =>
  fc.array(label(), { minLength: 1, maxLength: 3 }).map((atoms) => atoms.join('.'));

/** A reverse-path mailbox in a domain no target serves. */
export const senderMailbox = (): fc.Arbitrary<string> => localPart().map((local) => `${local}@sender.rfcheck.test`);

/** One of the fixture mailboxes at the local domain (alice@D, bob@D). */
export function localRecipient(setup: RuleSetup): fc.Arbitrary<string> {
  const mailboxes = localMailboxes(setup.options);
  if (mailboxes.length === 0) throw new RuleNotApplicable('no users in fixtures/mail/users.json');
  return fc.constantFrom(...mailboxes);
}

/** A mailbox at the local domain that no fixture user has. */
export const unknownLocalMailbox = (setup: RuleSetup): fc.Arbitrary<string> =>
  label().map((tag) => `no-such-user-${tag}@${mailDomain(setup.options)}`);

/** A mailbox in a domain the target does not serve (.invalid is reserved, RFC 2606). */
export const foreignMailbox = (): fc.Arbitrary<string> =>
  fc.tuple(localPart(), label()).map(([local, domain]) => `${local}@${domain}.relay-test.invalid`);

/** Printable US-ASCII text for a message line, not starting with a dot. */
export const textLine = (maxLength = 60): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength }).map((s) => s.replace(/^\./, ' '));

/** A line that starts with a dot, the case transparency (§4.5.2) is about. */
export const dotLine = (): fc.Arbitrary<string> =>
  fc.oneof(fc.constant('.'), fc.constant('..'), fc.constant('...'), textLine(20).map((t) => `.${t}`));

/** A small RFC 5322 message, CRLF line ends, header then body. */
export const simpleMessage = (bodyLine: fc.Arbitrary<string> = textLine()): fc.Arbitrary<string> =>
  fc.tuple(textLine(40), fc.array(bodyLine, { maxLength: 8 })).map(([subject, body]) =>
    [
      'From: <sender@sender.rfcheck.test>',
      'To: <recipient@example.test>',
      'Date: Sat, 21 Nov 2026 12:00:00 +0000',
      `Subject: ${subject.trim()}`,
      '',
      ...body,
    ].join('\r\n') + '\r\n',
  );

/** A body whose lines mix dot-led lines with text, always with a lone "." line, the case stuffing exists for. */
export const messageWithDotLines = (): fc.Arbitrary<string> =>
  fc.tuple(simpleMessage(fc.oneof(textLine(), dotLine())), fc.constantFrom('.', '..', '. ')).map(([message, last]) => `${message}.\r\n${last}\r\n`);
