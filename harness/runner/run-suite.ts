import type { SuiteOptions } from '../core/rule.ts';
import type { Suite } from '../core/suite.ts';
import type { RuleResult, SuiteReport } from '../report/model.ts';
import { summarize } from '../report/model.ts';
import { startTarget } from '../targets/start-target.ts';
import { type TargetSpec, describeTarget, targetLabel } from '../targets/target-spec.ts';
import type { WireLimits } from '../wire/limits.ts';
import { acquireMachineLock } from './machine-lock.ts';
import { runRule } from './run-rule.ts';

export interface SuiteRunSettings {
  seed: number;
  runs: number;
  ruleTimeoutMs: number;
  startTimeoutMs: number;
  limits: WireLimits;
  strict: boolean;
  options: SuiteOptions;
  /** Which rules of the suite to run. */
  select: (ruleId: string) => boolean;
  /** Replays one counterexample path (with `rfcheck replay`). */
  replayPath?: string;
  replayCommand: (suite: string, ruleId: string) => string;
  /** false: report the first failure of each rule unshrunk. */
  shrink?: boolean;
  /** Runs of a rule marked `concurrent` in flight at once (--concurrency); 1 when unset. */
  concurrency?: number;
  /** Inputs one run of a rule marked `concurrent` checks with one RunIO (--batch); 1 when unset. */
  batch?: number;
  /** Stops the run from outside: the current rule and every later one end as errors. */
  signal?: AbortSignal;
  /** Called once the target is up, before the first rule; a spawned target gives its process. */
  onTargetReady?: (suite: string, target: { processId?(): number | undefined }) => void;
  onRuleStart?: (suite: string, ruleId: string) => void;
  onRuleDone?: (suite: string, result: RuleResult) => void;
}

/** How long a suite waits for its exclusive resource before it gives up. */
const exclusiveWaitMs = 15 * 60_000;

/**
 * Starts the target, runs the selected rules one after another, stops the target; a suite with
 * an exclusive resource holds its machine-wide lock throughout.
 */
export async function runSuite(suite: Suite, targetSpec: TargetSpec, settings: SuiteRunSettings): Promise<SuiteReport> {
  if (!suite.exclusive) return runSuiteOnce(suite, targetSpec, settings);
  const release = await acquireMachineLock(suite.exclusive, exclusiveWaitMs);
  try {
    return await runSuiteOnce(suite, targetSpec, settings);
  } finally {
    await release();
  }
}

async function runSuiteOnce(suite: Suite, targetSpec: TargetSpec, settings: SuiteRunSettings): Promise<SuiteReport> {
  const started = performance.now();
  const target = await startTarget(suite, targetSpec, {
    fixturesDir: settings.options.fixturesDir,
    suiteOptions: settings.options,
    startTimeoutMs: settings.startTimeoutMs,
    limits: settings.limits,
  });
  const results: RuleResult[] = [];
  settings.onTargetReady?.(suite.name, target);
  try {
    for (const rule of suite.rules.filter((r) => settings.select(r.id))) {
      settings.onRuleStart?.(suite.name, rule.id);
      const result = await runRule(rule, target, settings.options, {
        seed: settings.seed,
        runs: settings.runs,
        ruleTimeoutMs: settings.ruleTimeoutMs,
        limits: settings.limits,
        replayPath: settings.replayPath,
        signal: settings.signal,
        shrink: settings.shrink,
        concurrency: settings.concurrency,
        batch: settings.batch,
        replayCommand: (ruleId) => settings.replayCommand(suite.name, ruleId),
      });
      const exit = target.exitStatus();
      if (exit !== undefined && result.status !== 'pass') result.message = `${result.message ?? ''} (the target ${exit})`.trim();
      results.push(result);
      settings.onRuleDone?.(suite.name, result);
    }
  } finally {
    await target.close();
  }
  const description = describeTarget(targetSpec);
  const report: SuiteReport = {
    suite: suite.name,
    target: targetLabel(description),
    targetSpec: description,
    seed: settings.seed,
    runs: settings.runs,
    strict: settings.strict,
    durationMs: Math.round(performance.now() - started),
    summary: summarize(results),
    rules: results,
  };
  const log = target.log();
  if (log) report.targetLog = log;
  return report;
}
