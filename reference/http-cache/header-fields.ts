/** A message's field lines in order, names kept as received; lookups ignore case. */
export type Fields = [string, string][];

export function fieldValues(fields: Fields, name: string): string[] {
  const lower = name.toLowerCase();
  return fields.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

export function fieldValue(fields: Fields, name: string): string | undefined {
  const values = fieldValues(fields, name);
  return values.length === 0 ? undefined : values.join(', ');
}

export function withoutFields(fields: Fields, names: Iterable<string>): Fields {
  const drop = new Set([...names].map((n) => n.toLowerCase()));
  return fields.filter(([n]) => !drop.has(n.toLowerCase()));
}

export function listMembers(value: string | undefined): string[] {
  return (value ?? '').split(',').map((m) => m.trim()).filter((m) => m !== '');
}

/** Parses an HTTP-date (IMF-fixdate and the obsolete forms Date.parse also reads); undefined if invalid. */
export function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined || !/^[A-Za-z]{3,9}, /.test(value.trim()) && !/^[A-Za-z]{3} [A-Za-z]{3} /.test(value.trim())) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
