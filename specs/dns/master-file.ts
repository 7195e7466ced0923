import type { Answer, OptAnswer } from 'dns-packet';

/** A record a master file can hold (any but the OPT pseudo-record). */
export type ZoneRecord = Exclude<Answer, OptAnswer>;

/**
 * An RFC 1035 §5 master-file reader: $ORIGIN, $TTL (RFC 2308 §4), comments, parentheses
 * spanning lines, quoted strings with \X and \DDD escapes, '@', relative names, a blank owner
 * repeating the previous one, TTL and class in either order. Types: SOA NS A AAAA CNAME MX TXT
 * PTR SRV. Names come out as dns-packet writes them: no trailing dot, the root as '.', case kept.
 */

export interface Zone {
  origin: string;
  file: string;
  records: ZoneRecord[];
}

export class MasterFileError extends Error {}

interface Token {
  text: string;
  quoted: boolean;
}

interface Entry {
  line: number;
  ownerBlank: boolean;
  tokens: Token[];
}

/** Splits the file into entries (one logical line each, parentheses joined). */
function entries(text: string, file: string): Entry[] {
  const out: Entry[] = [];
  let current: Entry | undefined;
  let depth = 0;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (depth === 0) current = { line: index + 1, ownerBlank: /^[ \t]/.test(line), tokens: [] };
    let i = 0;
    while (i < line.length) {
      const c = line[i] as string;
      if (c === ';') break;
      if (c === ' ' || c === '\t') {
        i++;
      } else if (c === '(') {
        depth++;
        i++;
      } else if (c === ')') {
        if (depth === 0) throw new MasterFileError(`${file}:${index + 1}: ')' without '('`);
        depth--;
        i++;
      } else if (c === '"') {
        let value = '';
        i++;
        while (i < line.length && line[i] !== '"') {
          if (line[i] === '\\' && i + 1 < line.length) value += line[i++];
          value += line[i++];
        }
        if (i >= line.length) throw new MasterFileError(`${file}:${index + 1}: unterminated quoted string`);
        i++;
        current?.tokens.push({ text: value, quoted: true });
      } else {
        let value = '';
        while (i < line.length && !' \t;()"'.includes(line[i] as string)) {
          if (line[i] === '\\' && i + 1 < line.length) value += line[i++];
          value += line[i++];
        }
        current?.tokens.push({ text: value, quoted: false });
      }
    }
    if (depth === 0 && current && current.tokens.length > 0) out.push(current);
  });
  if (depth !== 0) throw new MasterFileError(`${file}: unbalanced '(' at end of file`);
  return out;
}

/** Resolves \X and \DDD escapes into bytes. */
function unescape(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && /^\d{3}$/.test(text.slice(i + 1, i + 4))) {
      bytes.push(Number(text.slice(i + 1, i + 4)) & 0xff);
      i += 3;
    } else if (c === '\\' && i + 1 < text.length) {
      bytes.push(text.charCodeAt(++i) & 0xff);
    } else {
      bytes.push(text.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** '@', absolute ('a.b.') and relative ('a') names to dns-packet's form. */
export function absoluteName(text: string, origin: string): string {
  if (text === '@') return origin;
  if (text.endsWith('.') && !text.endsWith('\\.')) return text === '.' ? '.' : text.slice(0, -1);
  return origin === '.' ? text : `${text}.${origin}`;
}

const ttlUnits: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** A TTL: seconds, or BIND's units (1h30m); undefined when the token is not one. */
function parseTtl(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^(\d+[smhdw])+$/i.test(text)) return undefined;
  let total = 0;
  for (const [, count, unit] of text.matchAll(/(\d+)([smhdw])/gi)) total += Number(count) * (ttlUnits[(unit as string).toLowerCase()] as number);
  return total;
}

const supportedTypes = new Set(['SOA', 'NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'PTR', 'SRV']);

/** Reads a master file; a zone needs its SOA, a hints file (`requireSoa` false) does not. */
export function parseMasterFile(text: string, file: string, defaultOrigin?: string, requireSoa = true): Zone {
  let origin = defaultOrigin ?? '';
  let defaultTtl: number | undefined;
  let lastOwner: string | undefined;
  let zoneOrigin: string | undefined;
  const records: ZoneRecord[] = [];
  for (const entry of entries(text, file)) {
    const where = `${file}:${entry.line}`;
    const tokens = entry.tokens.map((t) => t.text);
    const first = tokens[0] as string;
    if (first.toUpperCase() === '$ORIGIN') {
      origin = absoluteName(tokens[1] ?? '', '.');
      if (!tokens[1]?.endsWith('.')) throw new MasterFileError(`${where}: $ORIGIN must be absolute`);
      continue;
    }
    if (first.toUpperCase() === '$TTL') {
      defaultTtl = parseTtl(tokens[1] ?? '');
      if (defaultTtl === undefined) throw new MasterFileError(`${where}: $TTL needs a number`);
      continue;
    }
    if (first.startsWith('$')) throw new MasterFileError(`${where}: unsupported directive ${first}`);
    let rest = entry.tokens;
    let owner = lastOwner;
    if (!entry.ownerBlank) {
      if (!origin && !first.endsWith('.')) throw new MasterFileError(`${where}: relative name before any $ORIGIN`);
      owner = absoluteName(first, origin);
      rest = rest.slice(1);
    }
    if (owner === undefined) throw new MasterFileError(`${where}: no owner name`);
    lastOwner = owner;
    let ttl: number | undefined;
    let index = 0;
    for (; index < 2 && index < rest.length; index++) {
      const token = (rest[index] as Token).text;
      const asTtl = parseTtl(token);
      if (asTtl !== undefined && ttl === undefined) ttl = asTtl;
      else if (token.toUpperCase() !== 'IN') break;
    }
    const type = rest[index]?.text.toUpperCase() ?? '';
    if (!supportedTypes.has(type)) throw new MasterFileError(`${where}: unsupported or missing type '${rest[index]?.text ?? ''}'`);
    const fields = rest.slice(index + 1);
    const data = rdata(type, fields, origin, where);
    if (type === 'SOA') {
      zoneOrigin ??= owner;
      defaultTtl ??= (data as { minimum: number }).minimum;
    }
    ttl ??= defaultTtl;
    if (ttl === undefined) throw new MasterFileError(`${where}: no TTL and no $TTL before it`);
    defaultTtl ??= ttl;
    records.push({ name: owner, type, class: 'IN', ttl, data } as ZoneRecord);
  }
  if (zoneOrigin === undefined && requireSoa) throw new MasterFileError(`${file}: the zone has no SOA record`);
  return { origin: zoneOrigin ?? (origin || '.'), file, records };
}

function rdata(type: string, fields: Token[], origin: string, where: string): ZoneRecord['data'] {
  const text = fields.map((f) => f.text);
  const need = (count: number): void => {
    if (fields.length !== count && type !== 'TXT') throw new MasterFileError(`${where}: ${type} takes ${count} fields, got ${fields.length}`);
  };
  const number = (value: string | undefined, max: number): number => {
    const n = parseTtl(value ?? '');
    if (n === undefined || n > max) throw new MasterFileError(`${where}: '${value ?? ''}' is not a number up to ${max}`);
    return n;
  };
  const name = (value: string | undefined): string => absoluteName(value ?? '', origin);
  switch (type) {
    case 'A':
      need(1);
      if (!/^(\d{1,3})(\.\d{1,3}){3}$/.test(text[0] ?? '')) throw new MasterFileError(`${where}: '${text[0] ?? ''}' is not an IPv4 address`);
      return text[0] as string;
    case 'AAAA':
      need(1);
      if (!/^[0-9a-f:.]+$/i.test(text[0] ?? '') || !(text[0] ?? '').includes(':')) throw new MasterFileError(`${where}: '${text[0] ?? ''}' is not an IPv6 address`);
      return text[0] as string;
    case 'NS':
    case 'CNAME':
    case 'PTR':
      need(1);
      return name(text[0]);
    case 'MX':
      need(2);
      return { preference: number(text[0], 65535), exchange: name(text[1]) };
    case 'SRV':
      need(4);
      return { priority: number(text[0], 65535), weight: number(text[1], 65535), port: number(text[2], 65535), target: name(text[3]) };
    case 'TXT':
      if (fields.length === 0) throw new MasterFileError(`${where}: TXT needs at least one string`);
      return fields.map((f) => unescape(f.text));
    default: // SOA
      need(7);
      return {
        mname: name(text[0]),
        rname: name(text[1]),
        serial: number(text[2], 0xffffffff),
        refresh: number(text[3], 0xffffffff),
        retry: number(text[4], 0xffffffff),
        expire: number(text[5], 0xffffffff),
        minimum: number(text[6], 0xffffffff),
      };
  }
}
