import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { escapeBytes, splitAfterLineFeeds } from '../../../harness/wire/escape.ts';

/** Inverse of escapeBytes, written here only to prove the escaping loses nothing. */
function unescape(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char !== '\\') {
      out.push(char.charCodeAt(0));
      continue;
    }
    const next = text[++i];
    if (next === 'r') out.push(0x0d);
    else if (next === 'n') out.push(0x0a);
    else if (next === 't') out.push(0x09);
    else if (next === '\\') out.push(0x5c);
    else if (next === 'x') {
      out.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    }
  }
  return Buffer.from(out);
}

describe('escapeBytes', () => {
  test.prop([fc.uint8Array({ maxLength: 300 })])('is reversible and prints only printable ASCII', (bytes) => {
    const text = escapeBytes(bytes);
    expect(/^[\x20-\x7e]*$/.test(text)).toBe(true);
    expect(unescape(text).equals(Buffer.from(bytes))).toBe(true);
  });

  test.prop([fc.uint8Array({ maxLength: 300 })])('splitting after LF keeps every byte in order', (bytes) => {
    const parts = splitAfterLineFeeds(bytes);
    expect(Buffer.concat(parts).equals(Buffer.from(bytes))).toBe(true);
    parts.slice(0, -1).forEach((part) => expect(part[part.length - 1]).toBe(0x0a));
  });

  it('shows CR, LF and NUL visibly', () => {
    expect(escapeBytes(Buffer.from('a\r\n\x00'))).toBe('a\\r\\n\\x00');
  });
});
