import { UsageError } from '../core/errors.ts';
import type { Report, RuleResult, SuiteReport } from '../report/model.ts';
import { summarize } from '../report/model.ts';

/**
 * Merges reports of shards (or of separate runs) into one: suites with the same name and target
 * are joined, rules ordered as the catalogue orders them; a rule reported twice is an error, as
 * is one suite run with two seeds (the shards would not be the same run).
 */
export function mergeReports(reports: { file: string; report: Report }[], ruleOrder: (suite: string) => readonly string[]): Report {
  if (reports.length === 0) throw new UsageError('merge needs at least one report');
  const bySuite = new Map<string, { suite: SuiteReport; from: string }>();
  for (const { file, report } of reports) {
    for (const suite of report.suites) {
      const key = `${suite.suite}\u0000${suite.target}`;
      const existing = bySuite.get(key);
      if (!existing) {
        bySuite.set(key, { suite: { ...suite, rules: [...suite.rules] }, from: file });
        continue;
      }
      if (existing.suite.seed !== suite.seed) {
        throw new UsageError(`${file} ran ${suite.suite} with seed ${suite.seed} but ${existing.from} with seed ${existing.suite.seed}`);
      }
      for (const rule of suite.rules) {
        if (existing.suite.rules.some((r) => r.id === rule.id)) throw new UsageError(`${rule.id} appears in both ${existing.from} and ${file}`);
        existing.suite.rules.push(rule);
      }
      existing.suite.durationMs += suite.durationMs;
      existing.suite.targetLog = [existing.suite.targetLog, suite.targetLog].filter(Boolean).join('\n') || undefined;
      if (existing.suite.targetLog === undefined) delete existing.suite.targetLog;
    }
  }
  const suites = [...bySuite.values()].map(({ suite }) => {
    const order = ruleOrder(suite.suite);
    const position = (rule: RuleResult): number => {
      const at = order.indexOf(rule.id);
      return at < 0 ? Number.MAX_SAFE_INTEGER : at;
    };
    const rules = [...suite.rules].sort((a, b) => position(a) - position(b) || a.id.localeCompare(b.id));
    return { ...suite, rules, summary: summarize(rules) };
  });
  const first = reports[0]?.report as Report;
  const startedAt = reports.map((r) => r.report.startedAt).sort()[0] ?? first.startedAt;
  return {
    tool: 'rfcheck',
    version: first.version,
    startedAt,
    durationMs: Math.max(...reports.map((r) => r.report.durationMs)),
    suites,
    perf: reports.flatMap((r) => r.report.perf),
  };
}
