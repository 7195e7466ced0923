import fc from 'fast-check';
import { fixturesDir } from '../harness/core/catalogue.ts';
import { errorMessage } from '../harness/core/errors.ts';
import type { Suite } from '../harness/core/suite.ts';
import { runSuite } from '../harness/runner/run-suite.ts';
import { defaultWireLimits } from '../harness/wire/limits.ts';

export const benchSeed = 20261121;

export interface SuiteRate {
  suite: string;
  /** Rule runs completed (each one generated input checked against the target). */
  checks: number;
  seconds: number;
  checksPerSecond: number;
  /** CPU time of this process (harness and reference together) per check, in milliseconds. */
  cpuMsPerCheck: number;
  /** Rules that did not pass against their own reference: a rate over failures means little. */
  notPassing: number;
  error?: string;
}

/**
 * The check rate of a suite against its reference: every rule with a fixed --runs and seed, as
 * `rfcheck run` would; checks are the rule runs fast-check completed (Σ runs), per second of
 * the whole suite run (the reference's start included).
 */
export async function suiteCheckRate(suite: Suite, runs: number, concurrency = 1): Promise<SuiteRate> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    const report = await runSuite(suite, { kind: 'reference' }, {
      seed: benchSeed,
      runs,
      ruleTimeoutMs: 60_000,
      startTimeoutMs: 10_000,
      limits: defaultWireLimits,
      strict: false,
      options: { fixturesDir },
      select: () => true,
      replayCommand: () => '',
      concurrency,
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const checks = report.rules.reduce((sum, rule) => sum + rule.runs, 0);
    const notPassing = report.rules.filter((rule) => rule.status !== 'pass' && rule.status !== 'skip').length;
    const cpuMsPerCheck = (cpu.user + cpu.system) / 1000 / Math.max(1, checks);
    return { suite: suite.name, checks, seconds, checksPerSecond: checks / seconds, cpuMsPerCheck, notPassing };
  } catch (error) {
    return { suite: suite.name, checks: 0, seconds: (performance.now() - started) / 1000, checksPerSecond: 0, cpuMsPerCheck: 0, notPassing: 0, error: errorMessage(error) };
  }
}

export interface ConcurrentRate extends SuiteRate {
  /** What the figure is, in words (printed beside it and kept in bench.json). */
  what: string;
  concurrency: number;
  runsPerRule: number;
  rules: number;
}

/**
 * The sustained check rate: only the suite's rules marked `concurrent` (independent runs
 * against static data), each for `runs` runs, `concurrency` checks in flight. Each check is a
 * real exchange whose answer the rule verifies, exactly as in `rfcheck run`; the rules' run
 * caps (which keep `npm start` short) are lifted here so that the rate is not all start-up.
 */
export async function concurrentCheckRate(suite: Suite, runs: number, concurrency: number): Promise<ConcurrentRate> {
  const rules = suite.rules.filter((rule) => rule.concurrent === true).map(({ maxRuns: _cap, ...rule }) => rule);
  const what = `${rules.length} concurrent-safe ${suite.name} rules, ${runs} runs each (caps lifted), --concurrency ${concurrency}`;
  const rate = await suiteCheckRate({ ...suite, rules }, runs, concurrency);
  return { ...rate, what, concurrency, runsPerRule: runs, rules: rules.length };
}

export interface FuzzRate {
  suite: string;
  generated: number;
  generatedPerSecond: number;
}

/**
 * The fuzz rate: inputs the suite's generators produce per second, without any wire. Beside
 * the check rate it shows how much of a check is generation and how much is the exchange.
 */
export function suiteFuzzRate(suite: Suite, perRule: number): FuzzRate {
  let generated = 0;
  const started = performance.now();
  for (const rule of suite.rules) {
    let arbitrary: fc.Arbitrary<unknown>;
    try {
      arbitrary = typeof rule.input === 'function' ? rule.input({ options: { fixturesDir } }) : rule.input;
    } catch {
      continue; // a rule whose fixture is missing generates nothing
    }
    generated += fc.sample(arbitrary, { numRuns: perRule, seed: benchSeed }).length;
  }
  const seconds = (performance.now() - started) / 1000;
  return { suite: suite.name, generated, generatedPerSecond: generated / Math.max(seconds, 1e-6) };
}
