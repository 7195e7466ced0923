import fc from 'fast-check';

/** Generators for IMAP rules: messages to APPEND, tags, mailbox names (RFC 3501 §9). */

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });

/** A small RFC 5322 message with CRLF line ends and a unique Message-ID; body lines may start with "." or be empty. */
export const message = (): fc.Arbitrary<{ octets: Buffer; messageId: string; subject: string }> =>
  fc
    .record({
      id: fc.stringMatching(/^[a-z0-9]{12}$/),
      subject: fc.stringMatching(/^[A-Za-z0-9 ]{1,30}$/).map((s) => s.trim() || 'x'),
      body: fc.array(fc.oneof(printable, fc.constant(''), printable.map((l) => `.${l}`)), { maxLength: 12 }),
    })
    .map(({ id, subject, body }) => {
      const messageId = `<${id}@rfcheck.example.test>`;
      const header = [`From: Harness <harness@example.test>`, `To: alice@example.test`, `Subject: ${subject}`, `Date: Mon, 20 Nov 2023 10:00:00 +0000`, `Message-ID: ${messageId}`];
      return { octets: Buffer.from(`${[...header, '', ...body].join('\r\n')}\r\n`, 'latin1'), messageId, subject };
    });

/** A client tag: 1–16 characters of ASTRING-CHAR other than "+" (RFC 3501 §9 tag). */
export const tag = (): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_!#$&\'=?@^`|~'), minLength: 1, maxLength: 16 });

/** The name of a scratch mailbox: unique per run, simple characters only. */
export const scratchName = (): string => `rfcheck-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;

/** A set of system flags a client may STORE. */
export const systemFlags = ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'] as const;
export const flagSubset = (): fc.Arbitrary<string[]> => fc.subarray([...systemFlags]);
