/**
 * Writing IMAP data (RFC 3501 §4): strings go quoted when they are short 7-bit text without
 * CR, LF, quote or backslash, otherwise as a literal {n}CRLF<octets>; absent values are NIL.
 * A response is a list of Buffers so literal octets are never re-encoded.
 */
export type Wire = Buffer;

export function nstring(value: Buffer | string | undefined | null): Wire {
  if (value === undefined || value === null) return Buffer.from('NIL');
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  const quotable = bytes.length < 200 && bytes.every((b) => b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c);
  if (quotable) return Buffer.concat([Buffer.from('"'), bytes, Buffer.from('"')]);
  return Buffer.concat([Buffer.from(`{${bytes.length}}\r\n`), bytes]);
}

/** A mailbox name or other astring: an atom when it can be one, else a string. */
export function astringOut(value: string): Wire {
  return /^[\x21-\x7e]+$/.test(value) && !/[(){ %*"\\\]]/.test(value) ? Buffer.from(value) : nstring(value);
}

export function list(items: Wire[]): Wire {
  const parts: Buffer[] = [Buffer.from('(')];
  items.forEach((item, i) => {
    if (i > 0) parts.push(Buffer.from(' '));
    parts.push(item);
  });
  parts.push(Buffer.from(')'));
  return Buffer.concat(parts);
}

export function joinWire(items: (Wire | string)[], separator = ' '): Wire {
  const parts: Buffer[] = [];
  items.forEach((item, i) => {
    if (i > 0) parts.push(Buffer.from(separator));
    parts.push(typeof item === 'string' ? Buffer.from(item, 'latin1') : item);
  });
  return Buffer.concat(parts);
}
