/** Escapes text for XML/HTML content and attributes, and drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  // The class lists what XML 1.0 allows (TAB, LF, CR and the printable ranges); the rest goes.
  // eslint-disable-next-line no-control-regex
  return text
    .replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '\ufffd')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
