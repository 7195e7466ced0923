/**
 * A message as lines, header fields and body (RFC 5322 §2.1–§2.2), kept close to the bytes so
 * that every finding can name its line. Parsing never throws: whatever the input, it yields a
 * structure, and what does not fit the grammar is left for the checks to report.
 */

export interface RawLine {
  /** The line's octets without its terminator. */
  bytes: Buffer;
  /** 1-based line number in the whole file. */
  number: number;
  terminator: 'CRLF' | 'LF' | 'none';
}

export interface HeaderField {
  name: string;
  /** The body with folding removed (CRLF before white space dropped), as latin1 text. */
  value: string;
  lines: RawLine[];
}

export interface Entity {
  fields: HeaderField[];
  /** Header lines that are neither a field nor a continuation. */
  malformed: RawLine[];
  body: RawLine[];
  /** Whether an empty line separated header and body. */
  hasSeparator: boolean;
}

export function splitLines(bytes: Uint8Array, firstNumber = 1): RawLine[] {
  const data = Buffer.from(bytes);
  const lines: RawLine[] = [];
  let start = 0;
  while (start < data.length) {
    const lf = data.indexOf(0x0a, start);
    if (lf < 0) {
      lines.push({ bytes: data.subarray(start), number: firstNumber + lines.length, terminator: 'none' });
      break;
    }
    const crlf = lf > start && data[lf - 1] === 0x0d;
    lines.push({ bytes: data.subarray(start, crlf ? lf - 1 : lf), number: firstNumber + lines.length, terminator: crlf ? 'CRLF' : 'LF' });
    start = lf + 1;
  }
  return lines;
}

const isWsp = (byte: number | undefined): boolean => byte === 0x20 || byte === 0x09;

export function parseEntity(lines: RawLine[]): Entity {
  const fields: HeaderField[] = [];
  const malformed: RawLine[] = [];
  let index = 0;
  for (; index < lines.length; index++) {
    const line = lines[index] as RawLine;
    if (line.bytes.length === 0) {
      return { fields, malformed, body: lines.slice(index + 1), hasSeparator: true };
    }
    const last = fields[fields.length - 1];
    if (isWsp(line.bytes[0]) && last) {
      last.lines.push(line);
      last.value += line.bytes.toString('latin1');
      continue;
    }
    const colon = line.bytes.indexOf(0x3a);
    if (colon <= 0) {
      malformed.push(line);
      continue;
    }
    fields.push({ name: line.bytes.subarray(0, colon).toString('latin1'), value: line.bytes.subarray(colon + 1).toString('latin1'), lines: [line] });
  }
  return { fields, malformed, body: [], hasSeparator: false };
}

export function fieldsNamed(entity: Entity, name: string): HeaderField[] {
  const wanted = name.toLowerCase();
  return entity.fields.filter((f) => f.name.toLowerCase() === wanted);
}

/** Removes RFC 5322 comments (nested parentheses) outside quoted strings, for structured fields. */
export function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && (quoted || depth > 0)) {
      if (depth === 0) out += value.slice(i, i + 2);
      i++;
      continue;
    }
    if (depth === 0 && c === '"') quoted = !quoted;
    if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

export interface ContentType {
  type: string;
  subtype: string;
  parameters: Map<string, string>;
}

const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Parses a Content-Type value (RFC 2045 §5.1); undefined when it does not fit the grammar. */
export function parseContentType(value: string): ContentType | undefined {
  const text = stripComments(value).trim();
  const match = /^([^\s/;]+)\s*\/\s*([^\s;]+)\s*(.*)$/s.exec(text);
  if (!match || !token.test(match[1] ?? '') || !token.test(match[2] ?? '')) return undefined;
  const parameters = new Map<string, string>();
  let rest = match[3] ?? '';
  while (rest.trim() !== '') {
    const parameter = /^\s*;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s;"]+)\s*/s.exec(rest);
    if (!parameter) {
      if (/^\s*;\s*$/.test(rest)) break;
      return undefined;
    }
    const [whole, name = '', raw = ''] = parameter;
    if (!token.test(name)) return undefined;
    if (!raw.startsWith('"') && !token.test(raw)) return undefined;
    parameters.set(name.toLowerCase(), raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw);
    rest = rest.slice(whole.length);
  }
  return { type: (match[1] ?? '').toLowerCase(), subtype: (match[2] ?? '').toLowerCase(), parameters };
}
