/**
 * A message or body part split the way IMAP addresses it (RFC 3501 §6.4.5 section spec):
 * header, text, and for multipart/* the parts between the boundaries; for message/rfc822 the
 * encapsulated message. Lenient: a malformed message is served as one text part.
 */
export interface HeaderField {
  name: string;
  /** The field's raw octets, from its name to its CRLF, folding kept. */
  raw: Buffer;
  /** The unfolded value, without the name and colon. */
  value: string;
}

export interface MimeEntity {
  /** The whole entity. */
  octets: Buffer;
  /** The header including the blank line that ends it. */
  header: Buffer;
  body: Buffer;
  fields: HeaderField[];
  type: string;
  subtype: string;
  params: [string, string][];
  /** Sub-parts of a multipart, or the one message of a message/rfc822. */
  parts: MimeEntity[];
}

export function parseEntity(octets: Buffer, defaultType: [string, string] = ['text', 'plain'], depth = 0): MimeEntity {
  const text = octets.toString('latin1');
  const blank = text.startsWith('\r\n') ? 0 : text.indexOf('\r\n\r\n');
  const headerEnd = blank < 0 ? octets.length : blank === 0 ? 2 : blank + 4;
  const header = octets.subarray(0, headerEnd);
  const body = octets.subarray(headerEnd);
  const fields = parseFields(header.toString('latin1'));
  const contentType = fieldValue(fields, 'content-type');
  const [type, subtype, params] = contentType ? parseContentType(contentType) : [defaultType[0], defaultType[1], defaultType[0] === 'text' ? ([['charset', 'us-ascii']] as [string, string][]) : []];
  const entity: MimeEntity = { octets, header, body, fields, type, subtype, params, parts: [] };
  if (depth > 20) return entity;
  if (type === 'multipart') {
    const boundary = params.find(([k]) => k === 'boundary')?.[1];
    if (boundary) entity.parts = splitMultipart(body, boundary).map((part) => parseEntity(part, subtype === 'digest' ? ['message', 'rfc822'] : ['text', 'plain'], depth + 1));
  } else if (type === 'message' && subtype === 'rfc822') {
    entity.parts = [parseEntity(body, ['text', 'plain'], depth + 1)];
  }
  return entity;
}

export function fieldValue(fields: HeaderField[], name: string): string | undefined {
  return fields.find((f) => f.name.toLowerCase() === name)?.value;
}

function parseFields(header: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const raw of header.split(/\r\n(?![ \t])/)) {
    const colon = raw.indexOf(':');
    if (colon <= 0 || raw === '') continue;
    fields.push({
      name: raw.slice(0, colon).trim(),
      raw: Buffer.from(`${raw}\r\n`, 'latin1'),
      value: raw.slice(colon + 1).replace(/\r\n[ \t]/g, ' ').trim(),
    });
  }
  return fields;
}

function parseContentType(value: string): [string, string, [string, string][]] {
  const [main = '', ...rest] = splitParameters(value);
  const [type = 'text', subtype = 'plain'] = main.toLowerCase().split('/').map((s) => s.trim());
  const params: [string, string][] = [];
  for (const piece of rest) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    let v = piece.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params.push([piece.slice(0, eq).trim().toLowerCase(), v]);
  }
  return [type, subtype, params];
}

/** Splits on ";" outside quoted strings. */
function splitParameters(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '"' && value[i - 1] !== '\\') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out.filter((s) => s !== '');
}

function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const parts: Buffer[] = [];
  let start = -1;
  let at = 0;
  while (at <= text.length) {
    const lineEnd = text.indexOf('\r\n', at);
    const line = text.slice(at, lineEnd < 0 ? text.length : lineEnd);
    if (line.startsWith(delimiter)) {
      const closing = line.slice(delimiter.length).startsWith('--');
      // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
      if (start >= 0) parts.push(body.subarray(start, Math.max(start, at - 2)));
      if (closing) return parts;
      start = lineEnd < 0 ? text.length : lineEnd + 2;
    }
    if (lineEnd < 0) break;
    at = lineEnd + 2;
  }
  if (start >= 0) parts.push(body.subarray(start));
  return parts;
}
