/** What XML 1.0 forbids: everything outside TAB, LF, CR and the printable ranges. */
// eslint-disable-next-line no-control-regex
const forbiddenInXml = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Escapes text for XML/HTML content and attributes, and drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(forbiddenInXml, '\ufffd')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
