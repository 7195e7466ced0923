/**
 * Sequence sets (RFC 3501 §9 sequence-set): "1,3:5,7:*". `*` is the largest number in use; a
 * range may be written either way round.
 */
export type SequenceSet = { from: number; to: number }[];

export function parseSequenceSet(text: string, largest: number): SequenceSet | undefined {
  const ranges: SequenceSet = [];
  for (const part of text.split(',')) {
    const match = /^(\d+|\*)(?::(\d+|\*))?$/.exec(part);
    if (!match) return undefined;
    const value = (s: string): number => (s === '*' ? largest : Number(s));
    const a = value(match[1] as string);
    const b = match[2] === undefined ? a : value(match[2]);
    if ((match[1] !== '*' && a === 0) || (match[2] !== undefined && match[2] !== '*' && b === 0)) return undefined;
    ranges.push({ from: Math.min(a, b), to: Math.max(a, b) });
  }
  return ranges;
}

export function inSequenceSet(set: SequenceSet, n: number): boolean {
  return set.some((r) => n >= r.from && n <= r.to);
}
