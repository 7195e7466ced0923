import type { PerfRecord, Report, Status } from '../report/model.ts';

/**
 * What changed between a baseline report and the current one, rule by rule (keyed by suite and
 * rule id) and perf record by record (keyed by scenario and parameters).
 */
export interface RuleChange {
  suite: string;
  id: string;
  level: string;
  before: Status | 'absent';
  now: Status;
  message?: string;
}

export interface PerfChange {
  scenario: string;
  params: PerfRecord['params'];
  before: number;
  now: number;
  /** How much worse the measured/model ratio got, as a fraction (0.12 = 12 % worse). */
  worseBy: number;
}

export interface ReportComparison {
  /** Passed in the baseline, fails or errors now. */
  regressions: RuleChange[];
  /** Failed or errored in the baseline, passes now. */
  fixes: RuleChange[];
  /** Fails now and did not exist in the baseline. */
  newFailures: RuleChange[];
  perfRegressions: PerfChange[];
}

const broken = (status: Status | 'absent'): boolean => status === 'fail' || status === 'error';

export function compareReports(baseline: Report, current: Report, perfThreshold: number): ReportComparison {
  const before = new Map<string, Status>();
  for (const suite of baseline.suites) for (const rule of suite.rules) before.set(`${suite.suite}\u0000${rule.id}`, rule.status);
  const comparison: ReportComparison = { regressions: [], fixes: [], newFailures: [], perfRegressions: [] };
  for (const suite of current.suites) {
    for (const rule of suite.rules) {
      const was = before.get(`${suite.suite}\u0000${rule.id}`) ?? 'absent';
      const change: RuleChange = { suite: suite.suite, id: rule.id, level: rule.level, before: was, now: rule.status };
      if (rule.message !== undefined) change.message = rule.message;
      if (was === 'pass' && broken(rule.status)) comparison.regressions.push(change);
      else if (broken(was) && rule.status === 'pass') comparison.fixes.push(change);
      else if (was === 'absent' && broken(rule.status)) comparison.newFailures.push(change);
    }
  }
  const perfKey = (p: PerfRecord): string => `${p.scenario}\u0000${JSON.stringify(p.params)}`;
  const perfBefore = new Map(baseline.perf.map((p) => [perfKey(p), p]));
  for (const record of current.perf) {
    const old = perfBefore.get(perfKey(record));
    if (!old || old.ratio <= 0) continue;
    const worseBy = record.ratio / old.ratio - 1;
    if (worseBy > perfThreshold) {
      comparison.perfRegressions.push({ scenario: record.scenario, params: record.params, before: old.ratio, now: record.ratio, worseBy });
    }
  }
  return comparison;
}

export function describeComparison(comparison: ReportComparison): string {
  const lines: string[] = [];
  const list = (title: string, changes: RuleChange[]): void => {
    if (changes.length === 0) return;
    lines.push(`${title} (${changes.length}):`);
    for (const c of changes) lines.push(`  ${c.id} [${c.level}] ${c.before} → ${c.now}${c.message ? `: ${c.message.split('\n')[0]}` : ''}`);
  };
  list('regressions', comparison.regressions);
  list('new failures', comparison.newFailures);
  list('fixed', comparison.fixes);
  if (comparison.perfRegressions.length > 0) {
    lines.push(`perf regressions (${comparison.perfRegressions.length}):`);
    for (const p of comparison.perfRegressions) {
      lines.push(`  ${p.scenario} ${JSON.stringify(p.params)}: ratio ${p.before.toFixed(3)} → ${p.now.toFixed(3)} (${(p.worseBy * 100).toFixed(1)} % worse)`);
    }
  }
  if (lines.length === 0) lines.push('no change against the baseline');
  return `${lines.join('\n')}\n`;
}
