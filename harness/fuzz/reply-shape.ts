/**
 * The shape of a reply's first line: its first token with digits as 9, letters as a, other
 * printable bytes kept, anything else as #, runs collapsed; then how the line ended. Stable for
 * replies that differ only in values (a host name, a size), different when framing breaks.
 * A reply whose first 64 bytes are not all text (a DNS message, a BitTorrent handshake) is
 * '(binary)': where an LF byte falls in binary data says nothing of framing (a TTL counting
 * down moves it), and a short printable run before it is chance.
 */
export function replyShape(reply: Buffer): string {
  if (reply.length === 0) return '(nothing)';
  const lineEnd = reply.indexOf(0x0a);
  const line = reply.subarray(0, lineEnd < 0 ? Math.min(reply.length, 200) : lineEnd);
  const text = (byte: number): boolean => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f);
  if (!reply.subarray(0, 64).every(text)) return '(binary)';
  const ending = lineEnd < 0 ? 'no LF' : line.at(-1) === 0x0d ? 'CRLF' : 'LF';
  const body = line.at(-1) === 0x0d ? line.subarray(0, -1) : line;
  const space = body.indexOf(0x20);
  const token = body.subarray(0, space < 0 ? Math.min(body.length, 40) : Math.min(space, 40));
  let shape = '';
  for (const byte of token) {
    const cls = byte >= 0x30 && byte <= 0x39 ? '9' : (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a ? 'a' : byte > 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '#';
    if (!shape.endsWith(cls)) shape += cls;
  }
  return `${shape} … ${ending}`;
}
