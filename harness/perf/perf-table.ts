import type { PerfRecord } from '../report/model.ts';

/**
 * The issue's accuracy goal for the HTTP scenarios: |measured/model − 1| ≤ 5 % when the RTT is
 * 20–100 ms and every transfer takes at least 10 ms. Returns undefined where the goal does not
 * apply (other scenarios, or parameters outside that range).
 */
export function httpGoal(record: PerfRecord): 'met' | 'missed' | undefined {
  const { rttMs, rateMbps, size } = record.params;
  if (!record.scenario.startsWith('http-') || typeof rttMs !== 'number' || typeof rateMbps !== 'number' || typeof size !== 'number') return undefined;
  const transferMs = (size * 8) / (rateMbps * 1000);
  if (rttMs < 20 || rttMs > 100 || transferMs < 10) return undefined;
  return Math.abs(record.ratio - 1) <= 0.05 ? 'met' : 'missed';
}

/** One line per record: scenario, parameters, measured, model, ratio, and the goal if it applies. */
export function perfLine(record: PerfRecord): string {
  const params = Object.entries(record.params)
    .filter(([key]) => key !== 'target')
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  const unit = record.unit ? ` ${record.unit}` : '';
  const goal = httpGoal(record);
  return `${record.scenario.padEnd(19)} ${`measured ${record.measured}${unit}`.padEnd(22)} ${`model ${record.model}${unit}`.padEnd(19)} ratio ${record.ratio.toFixed(3)}${goal ? ` (±5 % goal ${goal})` : ''}  ${params}`;
}
