import { violation } from '../../harness/core/expect.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';

/**
 * Reading and parsing IMAP server responses (RFC 3501 §2.2.2, §7, §9): a response is one line,
 * except that a line ending in a literal announcement {n} is followed by n octets and then the
 * rest of the line. Every read has the run's deadline, and the whole response a byte cap.
 * Malformed responses become ProtocolViolations, never exceptions of the harness.
 *
 * Parsed values: an atom is a string, a quoted string or literal is a Buffer, NIL is null, a
 * parenthesised list is an array.
 */
export type ImapValue = string | Buffer | null | ImapValue[];

export interface ImapResponse {
  kind: 'tagged' | 'untagged' | 'continuation';
  tag?: string;
  /** OK, NO, BAD, PREAUTH, BYE for status responses; the response name otherwise (EXISTS, FETCH, LIST…). */
  name: string;
  /** The number before EXISTS, RECENT, EXPUNGE, FETCH. */
  number?: number;
  /** The response code in brackets of a status response, e.g. "UIDVALIDITY 3857529045". */
  code?: string;
  /** Human-readable text of a status or continuation response. */
  text?: string;
  /** The parsed data after the name (for LIST, FETCH, SEARCH, FLAGS, STATUS, CAPABILITY…). */
  values: ImapValue[];
  /** The line as received (literal octets included), for messages. */
  raw: string;
  /** False when a line of the response ended with a bare LF. */
  crlf: boolean;
}

const statusNames = new Set(['OK', 'NO', 'BAD', 'PREAUTH', 'BYE']);

export async function readResponse(connection: TcpConnection, what: string, maxBytes: number): Promise<ImapResponse> {
  let text = '';
  let raw = '';
  let crlf = true;
  const literals: Buffer[] = [];
  let budget = maxBytes;
  for (;;) {
    const line = await connection.readLine(what, { maxBytes: budget });
    crlf &&= line.terminator === 'CRLF';
    budget -= line.text.length + 2;
    raw += line.text;
    const announced = /\{(\d{1,10})\}$/.exec(line.text);
    if (!announced) {
      text += line.text;
      break;
    }
    const size = Number(announced[1]);
    if (size > budget) violation(`${what}: a literal of ${size} octets is over the ${maxBytes}-octet cap`, `at most ${budget} octets`, `${size}`);
    const octets = await connection.readExactly(size, `the ${size}-octet literal of ${what}`, { maxBytes: budget });
    budget -= size;
    literals.push(octets);
    raw += `\r\n${octets.toString('latin1')}`;
    text += `${line.text.slice(0, announced.index)}\u0000${literals.length - 1}\u0000`;
  }
  return parseResponse(text, literals, raw, crlf);
}

function parseResponse(text: string, literals: Buffer[], raw: string, crlf: boolean): ImapResponse {
  if (text === '+' || text.startsWith('+ ')) return { kind: 'continuation', name: '+', text: text.slice(2), values: [], raw, crlf };
  const space = text.indexOf(' ');
  if (space <= 0) violation('a response line without tag and content', 'tag SP … or * SP …', JSON.stringify(raw));
  const tag = text.slice(0, space);
  const rest = text.slice(space + 1);
  const kind = tag === '*' ? 'untagged' : 'tagged';
  const numbered = kind === 'untagged' ? /^(\d+) ([A-Za-z]+)(?: (.*))?$/s.exec(rest) : null;
  if (numbered) {
    return { kind, name: (numbered[2] as string).toUpperCase(), number: Number(numbered[1]), values: parseValues(numbered[3] ?? '', literals, raw), raw, crlf };
  }
  const word = /^([A-Za-z0-9.-]+)(?: (.*))?$/s.exec(rest);
  if (!word) violation('a response without a name', 'OK, NO, BAD, or a data response name', JSON.stringify(raw));
  const name = (word[1] as string).toUpperCase();
  const after = word[2] ?? '';
  const base = { kind, name, raw, crlf, ...(kind === 'tagged' ? { tag } : {}) } as const;
  if (kind === 'tagged' && !['OK', 'NO', 'BAD'].includes(name)) violation('a tagged response that is not OK, NO or BAD', 'tag OK|NO|BAD …', JSON.stringify(raw));
  if (statusNames.has(name)) {
    const code = /^\[([^\]]*)\] ?(.*)$/s.exec(after);
    return code ? { ...base, code: code[1], text: code[2], values: [] } : { ...base, text: after, values: [] };
  }
  return { ...base, values: parseValues(after, literals, raw) };
}

/** Parses space-separated values; atoms may hold a bracketed part with spaces (BODY[HEADER.FIELDS (A)]). */
export function parseValues(text: string, literals: Buffer[], raw = text): ImapValue[] {
  let at = 0;
  const fail = (why: string): never => violation(`malformed response data: ${why}`, 'RFC 3501 §9 syntax', JSON.stringify(raw.slice(0, 300)));
  const values = (closing: boolean): ImapValue[] => {
    const out: ImapValue[] = [];
    for (;;) {
      if (at >= text.length) return closing ? fail('a list is not closed') : out;
      const c = text[at] as string;
      if (c === ' ') at++;
      else if (c === ')') {
        if (!closing) fail('")" without "("');
        at++;
        return out;
      } else if (c === '(') {
        at++;
        out.push(values(true));
      } else if (c === '"') out.push(quoted());
      else if (c === '\u0000') out.push(literal());
      else {
        const word = atom();
        out.push(word.toUpperCase() === 'NIL' ? null : word);
      }
    }
  };
  const quoted = (): Buffer => {
    let value = '';
    for (at++; at < text.length; at++) {
      const c = text[at] as string;
      if (c === '"') {
        at++;
        return Buffer.from(value, 'latin1');
      }
      if (c === '\\') value += text[++at] ?? '';
      else value += c;
    }
    return fail('a quoted string is not closed');
  };
  const literal = (): Buffer => {
    const end = text.indexOf('\u0000', at + 1);
    const octets = literals[Number(text.slice(at + 1, end))];
    if (end < 0 || !octets) return fail('bad literal');
    at = end + 1;
    return octets;
  };
  const atom = (): string => {
    const start = at;
    let depth = 0;
    while (at < text.length) {
      const c = text[at] as string;
      if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (depth <= 0 && (c === ' ' || c === '(' || c === ')' || c === '"')) break;
      at++;
    }
    if (at === start) fail(`unexpected ${JSON.stringify(text[at])}`);
    return text.slice(start, at);
  };
  return values(false);
}

/** The value as text (atom or string); undefined for NIL and lists. */
export function textOf(value: ImapValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  return undefined;
}

/** A FETCH response's attribute list as a map from upper-cased item name to value. */
export function fetchAttributes(response: ImapResponse): Map<string, ImapValue> {
  const [items] = response.values;
  if (!Array.isArray(items) || items.length % 2 !== 0) violation('a FETCH response whose data is not a list of name-value pairs', '(NAME value …)', JSON.stringify(response.raw.slice(0, 300)));
  const map = new Map<string, ImapValue>();
  for (let i = 0; i < items.length; i += 2) {
    const key = items[i];
    if (typeof key !== 'string') violation('a FETCH item name that is not an atom', 'an atom like FLAGS', JSON.stringify(response.raw.slice(0, 300)));
    map.set(key.toUpperCase(), items[i + 1] as ImapValue);
  }
  return map;
}
