import { countAddresses, isMessageId } from './address-syntax.ts';
import { dateTimeProblem } from './date-time-syntax.ts';
import type { Finding } from './message-checks.ts';
import { type Entity, type RawLine, fieldsNamed } from './message-structure.ts';

/** RFC 5322 checks of lines and of the top-level header section. */

export function lineFindings(lines: RawLine[]): Finding[] {
  const findings: Finding[] = [];
  for (const line of lines) {
    if (line.terminator === 'LF' || line.bytes.includes(0x0d)) {
      findings.push({ check: 'line-ending-crlf', line: line.number, detail: line.terminator === 'LF' ? 'the line ends in a bare LF' : 'a bare CR inside the line' });
    }
    if (line.bytes.length > 998) findings.push({ check: 'line-at-most-998', line: line.number, detail: `${line.bytes.length} characters` });
    else if (line.bytes.length > 78) findings.push({ check: 'line-at-most-78', line: line.number, detail: `${line.bytes.length} characters` });
  }
  return findings;
}

/** Field syntax (§2.2, §3.2.2), usable on any entity's header, nested MIME parts included. */
export function fieldSyntaxFindings(entity: Entity): Finding[] {
  const findings: Finding[] = entity.malformed.map((line) => ({
    check: 'field-syntax',
    line: line.number,
    detail: `"${line.bytes.toString('latin1').slice(0, 40)}" is neither "name: value" nor a continuation`,
  }));
  for (const field of entity.fields) {
    const first = field.lines[0] as RawLine;
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(field.name)) findings.push({ check: 'field-name-characters', line: first.number, detail: `field name "${field.name.slice(0, 40)}"` });
    for (const line of field.lines) {
      const body = line === first ? line.bytes.subarray(field.name.length + 1) : line.bytes;
      if (body.some((b) => b > 0x7e || (b < 0x20 && b !== 0x09 && b !== 0x0d))) {
        findings.push({ check: 'field-body-characters', line: line.number, detail: `${field.name} holds octets outside printable US-ASCII` });
      }
      if (line !== first && /^[ \t]*$/.test(line.bytes.toString('latin1'))) findings.push({ check: 'fold-not-blank', line: line.number, detail: `a folded line of ${field.name} is only white space` });
    }
  }
  return findings;
}

const singleFields = ['Sender', 'Reply-To', 'To', 'Cc', 'Bcc', 'Message-ID', 'In-Reply-To', 'References', 'Subject'];
const addressFields: [string, boolean][] = [['From', false], ['Sender', false], ['Reply-To', true], ['To', true], ['Cc', true]];

/** The fields a message's top-level header must (or may only once) have (§3.6) and their syntax. */
export function messageHeaderFindings(header: Entity): Finding[] {
  const findings: Finding[] = [];
  const firstLine = (name: string): number | undefined => fieldsNamed(header, name)[0]?.lines[0]?.number;
  const dates = fieldsNamed(header, 'Date');
  if (dates.length !== 1) findings.push({ check: 'origination-date-required', line: dates[1]?.lines[0]?.number, detail: `${dates.length} Date fields` });
  const froms = fieldsNamed(header, 'From');
  if (froms.length !== 1) findings.push({ check: 'originator-required', line: froms[1]?.lines[0]?.number, detail: `${froms.length} From fields` });
  for (const name of singleFields) {
    const found = fieldsNamed(header, name);
    if (found.length > 1) findings.push({ check: 'single-occurrence-fields', line: found[1]?.lines[0]?.number, detail: `${found.length} ${name} fields` });
  }
  for (const date of dates) {
    const problem = dateTimeProblem(date.value);
    if (problem) findings.push({ check: 'date-time-syntax', line: date.lines[0]?.number, detail: problem });
  }
  for (const [name, allowGroups] of addressFields) {
    for (const field of fieldsNamed(header, name)) {
      if (countAddresses(field.value, allowGroups) === undefined) findings.push({ check: 'address-syntax', line: field.lines[0]?.number, detail: `${name}: "${field.value.trim().slice(0, 60)}"` });
    }
  }
  for (const field of fieldsNamed(header, 'Bcc')) {
    if (field.value.trim() !== '' && countAddresses(field.value, true) === undefined) findings.push({ check: 'address-syntax', line: field.lines[0]?.number, detail: `Bcc: "${field.value.trim().slice(0, 60)}"` });
  }
  const authors = froms[0] ? countAddresses(froms[0].value, false) : undefined;
  if (authors !== undefined && authors > 1) {
    const senders = fieldsNamed(header, 'Sender');
    if (senders.length !== 1 || countAddresses(senders[0]?.value ?? '', false) !== 1) {
      findings.push({ check: 'sender-for-several-authors', line: firstLine('From'), detail: `From names ${authors} mailboxes and there is no single-mailbox Sender` });
    }
  }
  const ids = fieldsNamed(header, 'Message-ID');
  if (ids.length === 0) findings.push({ check: 'message-id-present', detail: 'no Message-ID field' });
  for (const id of ids) {
    if (!isMessageId(id.value)) findings.push({ check: 'message-id-syntax', line: id.lines[0]?.number, detail: `"${id.value.trim().slice(0, 60)}"` });
  }
  return findings;
}
