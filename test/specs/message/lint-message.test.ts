import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintMessage } from '../../../specs/message/lint-message.ts';
import { type MessageCheckId, messageChecks } from '../../../specs/message/message-checks.ts';
import { messageWithDotLines, simpleMessage } from '../../../specs/smtp/arbitraries.ts';

/**
 * The message checker's own proof, in the shape of the mutant matrix: a clean message passes
 * every check; each planted fault trips exactly the checks it names; every check is tripped by
 * some planted fault.
 */

const header = [
  'From: Alice Example <alice@example.test>',
  'To: bob@example.test, "Bob B." <bob@example.test>',
  'Date: Sat, 21 Nov 2026 12:00:00 +0000',
  'Message-ID: <20261121.1@example.test>',
  'Subject: a clean message',
];

const lines = (...all: string[]): string => `${all.join('\r\n')}\r\n`;
const clean = lines(...header, '', 'Hello Bob.');
const mime = (contentType: string, encoding: string, ...body: string[]): string =>
  lines(...header, 'MIME-Version: 1.0', `Content-Type: ${contentType}`, `Content-Transfer-Encoding: ${encoding}`, '', ...body);
const multipart = (boundary: string, ...body: string[]): string => lines(...header, 'MIME-Version: 1.0', `Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...body);

const planted: { fault: string; message: string | Buffer; trips: MessageCheckId[] }[] = [
  { fault: 'bare LF line ends', message: clean.replaceAll('\r\n', '\n'), trips: ['line-ending-crlf'] },
  { fault: 'a body line of 1000 characters', message: lines(...header, '', 'x'.repeat(1000)), trips: ['line-at-most-998'] },
  { fault: 'a body line of 100 characters', message: lines(...header, '', 'x'.repeat(100)), trips: ['line-at-most-78'] },
  { fault: 'a header line without a colon', message: lines(...header, 'Not a field', '', 'body'), trips: ['field-syntax'] },
  { fault: 'a space in a field name', message: lines(...header, 'X Bad: 1', '', 'body'), trips: ['field-name-characters'] },
  { fault: 'an 8-bit octet in a field body', message: Buffer.concat([Buffer.from(lines(...header)), Buffer.from('X-Note: caf\xe9\r\n\r\nbody\r\n', 'latin1')]), trips: ['field-body-characters'] },
  { fault: 'a folded line of only white space', message: lines(...header, 'X-Folded: a', '   ', ' b', '', 'body'), trips: ['fold-not-blank'] },
  { fault: 'no Date', message: lines(...header.filter((h) => !h.startsWith('Date')), '', 'body'), trips: ['origination-date-required'] },
  { fault: 'two From fields', message: lines(...header, 'From: carol@example.test', '', 'body'), trips: ['originator-required'] },
  { fault: 'two Subject fields', message: lines(...header, 'Subject: again', '', 'body'), trips: ['single-occurrence-fields'] },
  { fault: 'a two-digit year', message: lines(...header.map((h) => (h.startsWith('Date') ? 'Date: Sat, 21 Nov 26 12:00:00 +0000' : h)), '', 'body'), trips: ['date-time-syntax'] },
  { fault: 'a wrong day name', message: lines(...header.map((h) => (h.startsWith('Date') ? 'Date: Mon, 21 Nov 2026 12:00:00 +0000' : h)), '', 'body'), trips: ['date-time-syntax'] },
  { fault: 'a To without @', message: lines(...header.map((h) => (h.startsWith('To') ? 'To: bob' : h)), '', 'body'), trips: ['address-syntax'] },
  { fault: 'two authors, no Sender', message: lines(...header.map((h) => (h.startsWith('From') ? 'From: alice@example.test, carol@example.test' : h)), '', 'body'), trips: ['sender-for-several-authors'] },
  { fault: 'no Message-ID', message: lines(...header.filter((h) => !h.startsWith('Message-ID')), '', 'body'), trips: ['message-id-present'] },
  { fault: 'a Message-ID without brackets', message: lines(...header.map((h) => (h.startsWith('Message-ID') ? 'Message-ID: 1@example.test' : h)), '', 'body'), trips: ['message-id-syntax'] },
  { fault: 'Content-Type without MIME-Version', message: lines(...header, 'Content-Type: text/plain', '', 'body'), trips: ['mime-version-present'] },
  { fault: 'a Content-Type without subtype', message: mime('text', '7bit', 'body'), trips: ['content-type-syntax'] },
  { fault: 'an unknown transfer encoding', message: mime('text/plain', 'uuencode', 'body'), trips: ['transfer-encoding-known'] },
  { fault: '8-bit octets under 7bit', message: Buffer.from(mime('text/plain; charset=iso-8859-1', '7bit', 'caf\xe9'), 'latin1'), trips: ['seven-bit-data'] },
  { fault: 'a base64 multipart', message: lines(...header, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary=b', 'Content-Transfer-Encoding: base64', '', '--b', '', 'x', '--b--'), trips: ['composite-identity-encoding'] },
  { fault: 'a quoted-printable line of 80 characters', message: mime('text/plain', 'quoted-printable', 'q'.repeat(80)), trips: ['quoted-printable-line-length', 'line-at-most-78'] },
  { fault: 'a lower-case quoted-printable escape', message: mime('text/plain', 'quoted-printable', 'caf=e9'), trips: ['quoted-printable-escapes'] },
  { fault: 'trailing space in quoted-printable', message: mime('text/plain', 'quoted-printable', 'ends in space '), trips: ['quoted-printable-literals'] },
  { fault: 'a base64 line of 80 characters', message: mime('application/octet-stream', 'base64', 'QUFB'.repeat(20)), trips: ['base64-line-length', 'line-at-most-78'] },
  { fault: 'base64 with a bad character', message: mime('application/octet-stream', 'base64', 'QU*B'), trips: ['base64-alphabet'] },
  { fault: 'base64 cut short', message: mime('application/octet-stream', 'base64', 'QUFBQ'), trips: ['base64-alphabet'] },
  { fault: 'a multipart without boundary', message: lines(...header, 'MIME-Version: 1.0', 'Content-Type: multipart/mixed', '', 'body'), trips: ['multipart-boundary-required'] },
  { fault: 'a boundary of 71 characters', message: multipart('b'.repeat(71), `--${'b'.repeat(71)}`, '', 'x', `--${'b'.repeat(71)}--`), trips: ['boundary-syntax', 'line-at-most-78'] },
  { fault: 'no close delimiter', message: multipart('b1', '--b1', '', 'part one'), trips: ['multipart-structure'] },
  {
    fault: 'a nested boundary extending the outer one',
    message: multipart('outer', '--outer', 'Content-Type: multipart/alternative; boundary="outer-inner"', '', '--outer-inner', '', 'x', '--outer-inner--', '--outer--'),
    trips: ['nested-boundary-distinct'],
  },
  { fault: '8-bit text without charset', message: Buffer.from(mime('text/plain', '8bit', 'caf\xe9'), 'latin1'), trips: ['text-charset-declared'] },
];

const checksOf = (message: string | Buffer): string[] => [...new Set(lintMessage(Buffer.from(message)).map((f) => f.check))].sort();

describe('lint-message: clean messages and planted faults', () => {
  it('a clean message, and a clean MIME multipart with every encoding, have no findings', () => {
    expect(lintMessage(Buffer.from(clean))).toEqual([]);
    const nested = multipart(
      'outer',
      'preamble',
      '--outer',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'caf=C3=A9 and a soft=',
      ' break',
      '--outer',
      'Content-Type: multipart/alternative; boundary="alt"',
      '',
      '--alt',
      'Content-Type: text/html; charset=us-ascii',
      '',
      '<p>hi</p>',
      '--alt--',
      '--outer',
      'Content-Type: application/octet-stream',
      'Content-Transfer-Encoding: base64',
      '',
      'AAECAwQFBgc=',
      '--outer--',
      'epilogue',
    );
    expect(lintMessage(Buffer.from(nested))).toEqual([]);
  });

  for (const { fault, message, trips } of planted) {
    it(`${fault} trips exactly ${trips.join(', ')}`, () => {
      expect(checksOf(message)).toEqual([...trips].sort());
    });
  }

  it('every check is tripped by some planted fault', () => {
    const tripped = new Set(planted.flatMap((p) => p.trips));
    expect(Object.keys(messageChecks).filter((id) => !tripped.has(id as MessageCheckId))).toEqual([]);
  });

  it('the messages the smtp suite sends are clean but for Message-ID, which a submission server adds', () => {
    fc.assert(
      fc.property(fc.oneof(simpleMessage(), messageWithDotLines()), (message) => {
        expect(checksOf(message)).toEqual(['message-id-present']);
      }),
      { numRuns: 100 },
    );
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(Array.isArray(lintMessage(bytes))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
