/** RFC 3659 §2.3 time-val: YYYYMMDDHHMMSS with an optional fraction, in UTC. */
export const timeValPattern = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?$/;

/** Milliseconds since the epoch, or undefined when the text is no valid time-val. */
export function parseTimeVal(text: string): number | undefined {
  const match = timeValPattern.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Reject impossible dates (month 13, day 32, hour 25) that Date.UTC would roll over.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || back.getUTCHours() !== hour || second > 60) return undefined;
  return ms + Math.round(Number(match[7] ?? 0) * 1000);
}
