import { UsageError } from '../core/errors.ts';

/** `--duration 60s | 90 | 5m | 1h | 500ms` (a bare number is seconds) → milliseconds. */
export function parseDuration(text: string, flag = '--duration'): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} takes a time such as 60s, 90, 5m or 1h, not '${text}'`);
  const unit = match[2] ?? 's';
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit] as number;
  const ms = Math.round(Number(match[1]) * factor);
  if (ms < 100 || ms > 7 * 24 * 3_600_000) throw new UsageError(`${flag} must be between 100ms and 7 days, not '${text}'`);
  return ms;
}
