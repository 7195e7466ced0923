import { type MimeEntity, fieldValue } from './mime-entity.ts';
import { type Wire, joinWire, list, nstring } from './response-encoding.ts';

/** ENVELOPE, BODYSTRUCTURE and BODY[section] of a message (RFC 3501 §7.4.2, §6.4.5). */

export function envelope(message: MimeEntity): Wire {
  const f = (name: string): string | undefined => fieldValue(message.fields, name);
  const from = addresses(f('from'));
  const sender = addresses(f('sender')) ?? from;
  const replyTo = addresses(f('reply-to')) ?? from;
  return list([
    nstring(f('date')),
    nstring(f('subject')),
    from ?? Buffer.from('NIL'),
    sender ?? Buffer.from('NIL'),
    replyTo ?? Buffer.from('NIL'),
    addresses(f('to')) ?? Buffer.from('NIL'),
    addresses(f('cc')) ?? Buffer.from('NIL'),
    addresses(f('bcc')) ?? Buffer.from('NIL'),
    nstring(f('in-reply-to')),
    nstring(f('message-id')),
  ]);
}

/** An address list as IMAP address structures (name, route, mailbox, host); undefined if absent. */
function addresses(value: string | undefined): Wire | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const found = splitAddresses(value).map((one) => {
    const angle = angleAddress(one);
    const name = angle ? angle.name.trim().replace(/^"(.*)"$/, '$1') : '';
    const spec = (angle ? angle.spec : one).trim();
    const at = spec.lastIndexOf('@');
    const mailbox = at < 0 ? spec : spec.slice(0, at);
    const host = at < 0 ? undefined : spec.slice(at + 1);
    return list([nstring(name === '' ? undefined : name), Buffer.from('NIL'), nstring(mailbox), nstring(host)]);
  });
  return found.length === 0 ? undefined : list(found);
}

/**
 * "display name <spec>": the name and the spec between the first "<" after which no ">" comes
 * before the closing one (what /^(.*?)<([^>]*)>\s*$/ finds, but in linear time: that
 * expression takes seconds on a header of many "<", and APPEND lets a client store one).
 */
export function angleAddress(one: string): { name: string; spec: string } | undefined {
  const trimmed = one.trimEnd();
  const close = trimmed.length - 1;
  if (close < 1 || trimmed[close] !== '>') return undefined;
  const open = trimmed.indexOf('<', trimmed.lastIndexOf('>', close - 1) + 1);
  if (open < 0 || open >= close) return undefined;
  const name = trimmed.slice(0, open);
  // The expression's "." stops at line terminators: a name across lines is no name.
  if (/[\n\r\u2028\u2029]/.test(name)) return undefined;
  return { name, spec: trimmed.slice(open + 1, close) };
}

function splitAddresses(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  for (const c of value) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') angle++;
    else if (!quoted && c === '>') angle--;
    if (c === ',' && !quoted && angle === 0) {
      out.push(current.trim());
      current = '';
    } else current += c;
  }
  out.push(current.trim());
  return out.filter((s) => s !== '');
}

const countLines = (body: Buffer): number => body.toString('latin1').split('\r\n').length - 1;

/** BODYSTRUCTURE (with extension data) or BODY (without) of an entity. */
export function bodyStructure(entity: MimeEntity, extended: boolean): Wire {
  const params = (pairs: [string, string][]): Wire =>
    pairs.length === 0 ? Buffer.from('NIL') : list(pairs.flatMap(([k, v]) => [nstring(k.toUpperCase()), nstring(v)]));
  if (entity.type === 'multipart' && entity.parts.length > 0) {
    const parts = entity.parts.map((part) => bodyStructure(part, extended));
    const fields: Wire[] = [Buffer.concat(parts), nstring(entity.subtype.toUpperCase())];
    if (extended) fields.push(params(entity.params), Buffer.from('NIL'), Buffer.from('NIL'), Buffer.from('NIL'));
    return list([joinWire(fields)]); // "(" parts without separator, SP subtype, extension data ")"
  }
  const f = (name: string): string | undefined => fieldValue(entity.fields, name);
  const type = entity.type === 'multipart' ? 'text' : entity.type;
  const fields: Wire[] = [
    nstring(type.toUpperCase()),
    nstring((entity.type === 'multipart' ? 'plain' : entity.subtype).toUpperCase()),
    params(entity.params.filter(([k]) => k !== 'boundary' || entity.type === 'multipart')),
    nstring(f('content-id')),
    nstring(f('content-description')),
    nstring((f('content-transfer-encoding') ?? '7BIT').toUpperCase()),
    Buffer.from(String(entity.body.length)),
  ];
  const inner = entity.parts[0];
  if (entity.type === 'message' && entity.subtype === 'rfc822' && inner) {
    fields.push(envelope(inner), bodyStructure(inner, extended), Buffer.from(String(countLines(entity.body))));
  } else if (type === 'text') {
    fields.push(Buffer.from(String(countLines(entity.body))));
  }
  if (extended) fields.push(nstring(f('content-md5')), Buffer.from('NIL'), Buffer.from('NIL'));
  return list([joinWire(fields)]);
}

/**
 * The octets a section spec names: "" (whole message), HEADER, TEXT, HEADER.FIELDS (…),
 * HEADER.FIELDS.NOT (…), a part number path "1.2", optionally followed by .MIME / .HEADER /
 * .TEXT. Undefined when the section does not parse; empty when the part does not exist.
 */
export function sectionOctets(message: MimeEntity, section: string): Buffer | undefined {
  const match = /^((?:[1-9][0-9]*\.)*[1-9][0-9]*)?(?:^|\.)?(HEADER\.FIELDS\.NOT|HEADER\.FIELDS|HEADER|TEXT|MIME)?(?: \((.*)\))?$/i.exec(section);
  if (!match) return undefined;
  const path = match[1] ? match[1].split('.').map(Number) : [];
  const specifier = (match[2] ?? '').toUpperCase();
  if (specifier === 'MIME' && path.length === 0) return undefined;
  if ((specifier === 'HEADER.FIELDS' || specifier === 'HEADER.FIELDS.NOT') !== (match[3] !== undefined)) return undefined;
  let entity: MimeEntity | undefined = message;
  for (const n of path) {
    // A non-multipart's part 1 is the entity itself; a message/rfc822 part's sub-parts are its message's.
    const container: MimeEntity | undefined = entity?.type === 'message' && entity.subtype === 'rfc822' ? entity.parts[0] : entity;
    if (!container) return Buffer.alloc(0);
    entity = container.type === 'multipart' ? container.parts[n - 1] : n === 1 ? (entity === message ? message : container) : undefined;
    if (!entity) return Buffer.alloc(0);
  }
  if (path.length > 0 && specifier === '') return entity === message ? message.body : entity.body;
  // HEADER/TEXT of a part apply to the message inside a message/rfc822 part.
  const target: MimeEntity = path.length > 0 && specifier !== 'MIME' && entity.type === 'message' && entity.parts[0] ? entity.parts[0] : entity;
  switch (specifier) {
    case '':
      return target.octets;
    case 'HEADER':
    case 'MIME':
      return target.header;
    case 'TEXT':
      return target.body;
    default: {
      const names = new Set((match[3] ?? '').split(/\s+/).map((n) => n.replace(/^"|"$/g, '').toLowerCase()).filter((n) => n !== ''));
      const keep = specifier === 'HEADER.FIELDS';
      const chosen = target.fields.filter((field) => names.has(field.name.toLowerCase()) === keep);
      return Buffer.concat([...chosen.map((field) => field.raw), Buffer.from('\r\n')]);
    }
  }
}
