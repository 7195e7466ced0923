/**
 * Cache-Control (RFC 9111 §5.2): a list of directives, each a token with an optional value
 * (token or quoted-string). Names compare case-insensitively; a duplicate keeps its first value.
 */
export type Directives = Map<string, string | undefined>;

export function parseCacheControl(values: string[]): Directives {
  const directives: Directives = new Map();
  const text = values.join(',');
  const pattern = /\s*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^,\s]*))?\s*(?:,|$)/gy;
  for (let match = pattern.exec(text); match && match[0] !== ''; match = pattern.exec(text)) {
    const name = (match[1] as string).toLowerCase();
    const raw = match[2];
    const value = raw?.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    if (!directives.has(name)) directives.set(name, value);
  }
  return directives;
}

/**
 * A delta-seconds directive's value (RFC 9111 §1.2.2): digits only; a value too large to hold
 * counts as the greatest one the cache can hold. Undefined when absent or malformed.
 */
export function deltaSeconds(directives: Directives, name: string): number | undefined {
  const value = directives.get(name);
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Math.min(Number(value), 2 ** 31);
}
