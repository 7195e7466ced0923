import { fieldSyntaxFindings, lineFindings, messageHeaderFindings } from './header-checks.ts';
import type { Finding } from './message-checks.ts';
import { parseEntity, splitLines } from './message-structure.ts';
import { mimeFindings } from './mime-checks.ts';

/**
 * Checks one message (the octets of an .eml file, or a message as a server stored or served it)
 * against RFC 5322 and MIME. Any spec may call this; `rfcheck lint-message` prints its result.
 */
export function lintMessage(bytes: Uint8Array): Finding[] {
  const lines = splitLines(bytes);
  const top = parseEntity(lines);
  const findings = [...lineFindings(lines), ...fieldSyntaxFindings(top), ...messageHeaderFindings(top), ...mimeFindings(top)];
  return findings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
