/** Domain names as the DNS compares them: label by label, ASCII case folded (RFC 1035 §2.3.3). */

export function labelsOf(name: string): string[] {
  return name === '.' || name === '' ? [] : name.split('.');
}

export function nameOfLabels(labels: readonly Buffer[]): string {
  return labels.length === 0 ? '.' : labels.map((l) => l.toString('latin1')).join('.');
}

export function canonical(name: string): string {
  return name.toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

/** Is `name` equal to `ancestor` or below it? */
export function isAtOrBelow(name: string, ancestor: string): boolean {
  const n = canonical(name);
  const a = canonical(ancestor);
  return a === '.' || n === a || n.endsWith(`.${a}`);
}

/** The parent of a name (one label removed); the root's parent is undefined. */
export function parentOf(name: string): string | undefined {
  const labels = labelsOf(name);
  if (labels.length === 0) return undefined;
  return labels.length === 1 ? '.' : labels.slice(1).join('.');
}

/** Flips the case of letters where `mask` says so: the same name, spelled differently. */
export function respell(name: string, mask: readonly boolean[]): string {
  return Array.from(name, (c, i) => (mask[i % Math.max(1, mask.length)] ? (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()) : c)).join('');
}
