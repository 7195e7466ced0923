import { stripComments } from './message-structure.ts';

/** RFC 5322 §3.2.3–§3.4: atoms, quoted strings, addr-spec, mailbox, group, msg-id. */

const atext = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const dotAtom = `${atext}+(?:\\.${atext}+)*`;
const quotedString = '"(?:[^"\\\\\\r\\n]|\\\\.)*"';
const domainLiteral = '\\[[\\x21-\\x5a\\x5e-\\x7e\\s]*\\]';
const addrSpec = `(?:${dotAtom}|${quotedString})@(?:${dotAtom}|${domainLiteral})`;
const word = `(?:${atext}+|${quotedString})`;
const phrase = `${word}(?:\\s*${word})*`;

const addrSpecPattern = new RegExp(`^${addrSpec}$`);
const mailboxPattern = new RegExp(`^(?:${addrSpec}|(?:${phrase})?\\s*<${addrSpec}>)$`);
const groupPattern = new RegExp(`^(${phrase})\\s*:(.*);$`, 's');
const msgIdPattern = new RegExp(`^<${dotAtom}@(?:${dotAtom}|\\[[\\x21-\\x5a\\x5e-\\x7e]*\\])>$`);

/** Splits at top-level commas, respecting quoted strings and angle brackets. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted && c === '\\') {
      current += text.slice(i, i + 2);
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') angle++;
    else if (!quoted && c === '>') angle = Math.max(0, angle - 1);
    if (c === separator && !quoted && angle === 0) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

/** Splits at top-level commas, keeping a group ("name: a, b;") as one item. */
function splitAddresses(text: string): string[] {
  const items: string[] = [];
  let pending = '';
  for (const piece of splitTopLevel(text, ',')) {
    pending = pending === '' ? piece : `${pending},${piece}`;
    const inGroup = /^[^<"]*:/.test(pending.trim()) && !pending.trim().endsWith(';');
    if (!inGroup) {
      items.push(pending);
      pending = '';
    }
  }
  if (pending !== '') items.push(pending);
  return items;
}

const normalize = (text: string): string => stripComments(text).replace(/\s+/g, ' ').trim();

export function isMailbox(text: string): boolean {
  return mailboxPattern.test(normalize(text));
}

/**
 * The number of mailboxes in an address list, or undefined when it is not one. Groups count
 * their members; `allowGroups` false makes a mailbox-list (From, Sender).
 */
export function countAddresses(value: string, allowGroups: boolean): number | undefined {
  const items = splitAddresses(normalize(value));
  let count = 0;
  for (const item of items.map((i) => i.trim())) {
    if (item === '') return undefined;
    const group = groupPattern.exec(item);
    if (group) {
      if (!allowGroups) return undefined;
      const members = (group[2] ?? '').trim();
      if (members === '') continue;
      for (const member of splitTopLevel(members, ',')) {
        if (!isMailbox(member)) return undefined;
        count++;
      }
      continue;
    }
    if (!isMailbox(item)) return undefined;
    count++;
  }
  return count;
}

export function isAddrSpec(text: string): boolean {
  return addrSpecPattern.test(text);
}

export function isMessageId(value: string): boolean {
  return msgIdPattern.test(normalize(value));
}
