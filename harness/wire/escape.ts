/**
 * Renders wire bytes as readable text for transcripts: printable ASCII stays, CR and LF become
 * \r and \n, TAB becomes \t, a backslash doubles, every other byte becomes \xHH.
 */
export function escapeBytes(data: Uint8Array): string {
  let out = '';
  for (const byte of data) {
    if (byte === 0x0d) out += '\\r';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** Splits bytes after each LF so a transcript shows one protocol line per row. */
export function splitAfterLineFeeds(data: Uint8Array): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0x0a) {
      parts.push(data.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < data.length) parts.push(data.subarray(start));
  return parts;
}
