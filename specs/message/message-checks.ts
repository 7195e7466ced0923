import type { Level } from '../../harness/core/rule.ts';

/**
 * The catalogue of what the message checker looks for: one entry per requirement of RFC 5322
 * (message format) and RFC 2045/2046 (MIME), each citing its section, in our own words.
 */
export interface MessageCheck {
  rfc: string;
  section: string;
  level: Level;
  title: string;
}

export const messageChecks = {
  'line-ending-crlf': { rfc: 'RFC 5322', section: '2.3', level: 'MUST', title: 'CR and LF appear only together, as the CRLF that ends each line' },
  'line-at-most-998': { rfc: 'RFC 5322', section: '2.1.1', level: 'MUST', title: 'No line is longer than 998 characters, CRLF excluded' },
  'line-at-most-78': { rfc: 'RFC 5322', section: '2.1.1', level: 'SHOULD', title: 'Lines are no longer than 78 characters, CRLF excluded' },
  'field-syntax': { rfc: 'RFC 5322', section: '2.2', level: 'MUST', title: 'Each header line is a field name, a colon and a body, or a folded continuation starting with white space' },
  'field-name-characters': { rfc: 'RFC 5322', section: '2.2', level: 'MUST', title: 'A field name is printable US-ASCII other than the colon' },
  'field-body-characters': { rfc: 'RFC 5322', section: '2.2', level: 'MUST', title: 'A field body is printable US-ASCII, space and tab' },
  'fold-not-blank': { rfc: 'RFC 5322', section: '3.2.2', level: 'MUST', title: 'Folding never leaves a line of a header field made of white space only' },
  'origination-date-required': { rfc: 'RFC 5322', section: '3.6', level: 'MUST', title: 'The header has exactly one Date field' },
  'originator-required': { rfc: 'RFC 5322', section: '3.6', level: 'MUST', title: 'The header has exactly one From field' },
  'single-occurrence-fields': { rfc: 'RFC 5322', section: '3.6', level: 'MUST', title: 'Sender, Reply-To, To, Cc, Bcc, Message-ID, In-Reply-To, References and Subject occur at most once' },
  'date-time-syntax': { rfc: 'RFC 5322', section: '3.3', level: 'MUST', title: 'The Date field is a valid date-time: [day-name ","] day month year hh:mm[:ss] ±hhmm' },
  'address-syntax': { rfc: 'RFC 5322', section: '3.4', level: 'MUST', title: 'From, Sender, Reply-To, To, Cc and Bcc hold mailboxes (addr-spec or name <addr-spec>) or groups' },
  'sender-for-several-authors': { rfc: 'RFC 5322', section: '3.6.2', level: 'MUST', title: 'A From field with several mailboxes comes with a Sender field of one mailbox' },
  'message-id-present': { rfc: 'RFC 5322', section: '3.6.4', level: 'SHOULD', title: 'The message has a Message-ID field' },
  'message-id-syntax': { rfc: 'RFC 5322', section: '3.6.4', level: 'MUST', title: 'Message-ID is one <id-left@id-right>' },
  'mime-version-present': { rfc: 'RFC 2045', section: '4', level: 'MUST', title: 'A message with MIME content fields has MIME-Version: 1.0' },
  'content-type-syntax': { rfc: 'RFC 2045', section: '5.1', level: 'MUST', title: 'Content-Type is type/subtype followed by ;attribute=value parameters (token or quoted string)' },
  'transfer-encoding-known': { rfc: 'RFC 2045', section: '6.1', level: 'MUST', title: 'Content-Transfer-Encoding is 7bit, 8bit, binary, quoted-printable, base64 or an x- token' },
  'seven-bit-data': { rfc: 'RFC 2045', section: '6.2', level: 'MUST', title: 'A 7bit body (the default) has no octet above 127, no NUL and no line over 998 octets' },
  'composite-identity-encoding': { rfc: 'RFC 2045', section: '6.4', level: 'MUST', title: 'A multipart or message entity is encoded 7bit, 8bit or binary, never base64 or quoted-printable' },
  'quoted-printable-line-length': { rfc: 'RFC 2045', section: '6.7', level: 'MUST', title: 'Quoted-printable lines are at most 76 characters' },
  'quoted-printable-escapes': { rfc: 'RFC 2045', section: '6.7', level: 'MUST', title: 'In quoted-printable, "=" is followed by two upper-case hex digits or ends the line (soft break)' },
  'quoted-printable-literals': { rfc: 'RFC 2045', section: '6.7', level: 'MUST', title: 'Quoted-printable leaves only printable ASCII (and inner spaces/tabs) unencoded; no white space ends a line' },
  'base64-line-length': { rfc: 'RFC 2045', section: '6.8', level: 'MUST', title: 'Base64 lines are at most 76 characters' },
  'base64-alphabet': { rfc: 'RFC 2045', section: '6.8', level: 'MUST', title: 'Base64 content is the 65-character alphabet, with "=" padding only at the end and a length that is a multiple of 4' },
  'multipart-boundary-required': { rfc: 'RFC 2046', section: '5.1.1', level: 'MUST', title: 'A multipart Content-Type has a boundary parameter' },
  'boundary-syntax': { rfc: 'RFC 2046', section: '5.1.1', level: 'MUST', title: 'A boundary is 1–70 characters of the boundary alphabet, not ending in a space' },
  'multipart-structure': { rfc: 'RFC 2046', section: '5.1.1', level: 'MUST', title: 'A multipart body has at least one part, each opened by a delimiter line, and ends with the close delimiter' },
  'nested-boundary-distinct': { rfc: 'RFC 2046', section: '5.1.1', level: 'MUST', title: 'A nested multipart\'s boundary does not begin with an enclosing boundary' },
  'text-charset-declared': { rfc: 'RFC 2046', section: '4.1.2', level: 'MUST', title: 'A text part with octets above 127 names its charset (the default is US-ASCII)' },
} as const satisfies Record<string, MessageCheck>;

export type MessageCheckId = keyof typeof messageChecks;

/** One problem found in a message: which check, where, what. */
export interface Finding {
  check: MessageCheckId;
  /** 1-based line number in the file, when the problem has a place. */
  line?: number;
  detail: string;
}
