import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.ts';
import { exitCodeFor } from '../report/exit-code.ts';
import { parseReport } from '../report/json.ts';
import type { Report } from '../report/model.ts';
import { compareReports, describeComparison } from './compare-reports.ts';

/**
 * The regression gate of `run` and `merge`: --baseline FILE compares the new report with an
 * earlier one and prints regressions, new failures and fixes; with --fail-on regression the exit
 * status is 1 exactly when a rule regressed or a perf ratio got worse than --perf-threshold.
 */
export interface Gate {
  file: string;
  baseline: Report;
  failOn: 'regression' | 'must';
  perfThreshold: number;
}

/** --baseline FILE [--fail-on regression|must] [--perf-threshold PERCENT] */
export async function gateFrom(values: { baseline?: string; 'fail-on'?: string; 'perf-threshold'?: string }): Promise<Gate | undefined> {
  const failOn = values['fail-on'] ?? 'must';
  if (failOn !== 'regression' && failOn !== 'must') throw new UsageError(`--fail-on takes 'regression' or 'must', not '${failOn}'`);
  if (values.baseline === undefined) {
    if (values['fail-on'] === 'regression') throw new UsageError('--fail-on regression needs --baseline FILE');
    return undefined;
  }
  const threshold = values['perf-threshold'] ?? '10';
  if (!/^\d+(\.\d+)?$/.test(threshold)) throw new UsageError(`--perf-threshold takes a percentage, not '${threshold}'`);
  let text: string;
  try {
    text = await readFile(values.baseline, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the baseline ${values.baseline}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return { file: values.baseline, baseline: parseReport(text, values.baseline), failOn, perfThreshold: Number(threshold) / 100 };
}

export function applyGate(gate: Gate, report: Report, strict: boolean): 0 | 1 | 2 {
  const comparison = compareReports(gate.baseline, report, gate.perfThreshold);
  process.stdout.write(`\nagainst the baseline ${gate.file}:\n${describeComparison(comparison)}`);
  if (gate.failOn === 'regression') return comparison.regressions.length + comparison.perfRegressions.length > 0 ? 1 : 0;
  return exitCodeFor(report.suites, strict);
}
