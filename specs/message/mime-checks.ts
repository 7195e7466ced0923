import type { Finding } from './message-checks.ts';
import { type ContentType, type Entity, type RawLine, fieldsNamed, parseContentType, parseEntity, stripComments } from './message-structure.ts';
import { fieldSyntaxFindings } from './header-checks.ts';

/** RFC 2045/2046 checks of an entity and, for multiparts, of every nested part. */

const knownEncodings = ['7bit', '8bit', 'binary', 'quoted-printable', 'base64'];
const boundaryPattern = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
/** Nested multiparts deeper than this are not looked into (a hostile message cannot make the checker recurse without end). */
const maxDepth = 20;

export function mimeFindings(top: Entity): Finding[] {
  const findings: Finding[] = [];
  const mimeFields = ['Content-Type', 'Content-Transfer-Encoding'].filter((name) => fieldsNamed(top, name).length > 0);
  const versions = fieldsNamed(top, 'MIME-Version');
  if (mimeFields.length > 0 && versions.length === 0) findings.push({ check: 'mime-version-present', detail: `${mimeFields.join(' and ')} without MIME-Version` });
  for (const version of versions) {
    if (stripComments(version.value).replace(/\s+/g, '') !== '1.0') findings.push({ check: 'mime-version-present', line: version.lines[0]?.number, detail: `MIME-Version is "${version.value.trim()}", not 1.0` });
  }
  checkEntity(top, [], 0, findings);
  return findings;
}

function contentTypeOf(entity: Entity, findings: Finding[]): ContentType | undefined {
  const field = fieldsNamed(entity, 'Content-Type')[0];
  if (!field) return undefined;
  const parsed = parseContentType(field.value);
  if (!parsed) findings.push({ check: 'content-type-syntax', line: field.lines[0]?.number, detail: `"${field.value.trim().slice(0, 60)}"` });
  return parsed;
}

function encodingOf(entity: Entity, findings: Finding[]): string {
  const field = fieldsNamed(entity, 'Content-Transfer-Encoding')[0];
  if (!field) return '7bit';
  const value = stripComments(field.value).trim().toLowerCase();
  if (!knownEncodings.includes(value) && !/^x-[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(value)) {
    findings.push({ check: 'transfer-encoding-known', line: field.lines[0]?.number, detail: `"${field.value.trim()}"` });
  }
  return value;
}

function checkEntity(entity: Entity, enclosingBoundaries: string[], depth: number, findings: Finding[]): void {
  const type = contentTypeOf(entity, findings);
  const encoding = encodingOf(entity, findings);
  const composite = type?.type === 'multipart' || type?.type === 'message';
  if (composite && !['7bit', '8bit', 'binary'].includes(encoding)) {
    findings.push({ check: 'composite-identity-encoding', line: fieldsNamed(entity, 'Content-Transfer-Encoding')[0]?.lines[0]?.number, detail: `${type.type}/${type.subtype} encoded ${encoding}` });
  }
  if (type?.type === 'multipart') {
    checkMultipart(entity, type, enclosingBoundaries, depth, findings);
    return;
  }
  checkLeafBody(entity.body, encoding, type, findings);
}

function checkMultipart(entity: Entity, type: ContentType, enclosing: string[], depth: number, findings: Finding[]): void {
  const line = fieldsNamed(entity, 'Content-Type')[0]?.lines[0]?.number;
  const boundary = type.parameters.get('boundary');
  if (boundary === undefined) {
    findings.push({ check: 'multipart-boundary-required', line, detail: `multipart/${type.subtype} without boundary` });
    return;
  }
  if (!boundaryPattern.test(boundary)) findings.push({ check: 'boundary-syntax', line, detail: `boundary "${boundary.slice(0, 80)}"` });
  const clash = enclosing.find((outer) => boundary.startsWith(outer));
  if (clash !== undefined) findings.push({ check: 'nested-boundary-distinct', line, detail: `boundary "${boundary}" begins with the enclosing "${clash}"` });
  const delimiter = `--${boundary}`;
  const parts: RawLine[][] = [];
  let current: RawLine[] | undefined;
  let closed = false;
  for (const bodyLine of entity.body) {
    const text = bodyLine.bytes.toString('latin1').replace(/[ \t]+$/, '');
    if (text === `${delimiter}--`) {
      closed = true;
      break;
    }
    if (text === delimiter) {
      current = [];
      parts.push(current);
    } else {
      current?.push(bodyLine);
    }
  }
  if (parts.length === 0) findings.push({ check: 'multipart-structure', line, detail: `no line "${delimiter}" opens a part` });
  if (!closed) findings.push({ check: 'multipart-structure', line, detail: `no close delimiter "${delimiter}--"` });
  if (depth >= maxDepth) return;
  for (const part of parts) {
    const child = parseEntity(part);
    findings.push(...fieldSyntaxFindings(child));
    checkEntity(child, [...enclosing, boundary], depth + 1, findings);
  }
}

function checkLeafBody(body: RawLine[], encoding: string, type: ContentType | undefined, findings: Finding[]): void {
  if (encoding === '7bit') {
    for (const line of body) {
      if (line.bytes.some((b) => b > 0x7f || b === 0)) {
        findings.push({ check: 'seven-bit-data', line: line.number, detail: 'an octet above 127 or a NUL in 7bit content' });
        break;
      }
    }
  }
  if ((type === undefined || type.type === 'text') && (encoding === '8bit' || encoding === 'binary')) {
    const charset = type?.parameters.get('charset')?.toLowerCase();
    const eightBit = body.find((l) => l.bytes.some((b) => b > 0x7f));
    if (eightBit && (charset === undefined || charset === 'us-ascii')) {
      findings.push({ check: 'text-charset-declared', line: eightBit.number, detail: 'octets above 127 in a text part with no charset but US-ASCII' });
    }
  }
  if (encoding === 'quoted-printable') checkQuotedPrintable(body, findings);
  if (encoding === 'base64') checkBase64(body, findings);
}

function checkQuotedPrintable(body: RawLine[], findings: Finding[]): void {
  for (const line of body) {
    const text = line.bytes.toString('latin1');
    if (text.length > 76) findings.push({ check: 'quoted-printable-line-length', line: line.number, detail: `${text.length} characters` });
    const badEscape = /=(?![0-9A-F]{2})(?!$)/.exec(text);
    if (badEscape) findings.push({ check: 'quoted-printable-escapes', line: line.number, detail: `"${text.slice(badEscape.index, badEscape.index + 3)}"` });
    if (/[^\x20-\x7e\t]/.test(text) || /[ \t]$/.test(text)) findings.push({ check: 'quoted-printable-literals', line: line.number, detail: 'an unencoded control or 8-bit octet, or white space at the end of the line' });
  }
}

function checkBase64(body: RawLine[], findings: Finding[]): void {
  let content = '';
  for (const line of body) {
    const text = line.bytes.toString('latin1');
    if (text.length > 76) findings.push({ check: 'base64-line-length', line: line.number, detail: `${text.length} characters` });
    if (/[^A-Za-z0-9+/=]/.test(text)) {
      findings.push({ check: 'base64-alphabet', line: line.number, detail: 'a character outside the base64 alphabet' });
      return;
    }
    content += text;
  }
  if (content.length % 4 !== 0 || /=[^=]/.test(content) || /={3,}$/.test(content)) {
    findings.push({ check: 'base64-alphabet', line: body[body.length - 1]?.number, detail: `${content.length} characters, or "=" before the end` });
  }
}
