/**
 * A tracker query string as bytes. info_hash and peer_id are raw 20-byte values, percent-encoded
 * byte by byte, so URLSearchParams (which decodes to UTF-8 text) would corrupt them.
 */

export type TrackerQuery = Map<string, Buffer[]>;

const maxParameters = 256;

export function parseTrackerQuery(rawQuery: string): TrackerQuery {
  const query: TrackerQuery = new Map();
  let count = 0;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    if (++count > maxParameters) break;
    const equals = pair.indexOf('=');
    const name = percentDecode(equals < 0 ? pair : pair.slice(0, equals)).toString('latin1');
    const value = percentDecode(equals < 0 ? '' : pair.slice(equals + 1));
    const values = query.get(name) ?? [];
    values.push(value);
    query.set(name, values);
  }
  return query;
}

/** Decodes %XX and '+'; a malformed escape is kept literally, as most servers do. */
function percentDecode(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const hex = text.slice(i + 1, i + 3);
    if (char === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (char === '+') {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

export function firstValue(query: TrackerQuery, name: string): Buffer | undefined {
  return query.get(name)?.[0];
}

/** A non-negative decimal integer parameter, or undefined when absent or malformed. */
export function integerValue(query: TrackerQuery, name: string): number | undefined {
  const text = firstValue(query, name)?.toString('latin1');
  if (text === undefined || !/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}
