import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { fixturesDir } from '../harness/core/catalogue.ts';
import { errorMessage } from '../harness/core/errors.ts';
import type { Suite } from '../harness/core/suite.ts';
import { spawnedReference } from '../harness/targets/spawned-reference.ts';
import { runSuite } from '../harness/runner/run-suite.ts';
import { processGroupCpuSeconds } from './process-cpu.ts';
import type { TargetSpec } from '../harness/targets/target-spec.ts';
import { defaultWireLimits } from '../harness/wire/limits.ts';

export const benchSeed = 20261121;
const execFileAsync = promisify(execFile);

export interface SuiteRate {
  suite: string;
  /** Rule runs completed (each one generated input checked against the target). */
  checks: number;
  /** Exchanges (queries, requests) of passing checks, where the suite's helpers count them. */
  exchanges: number;
  exchangesPerSecond: number;
  seconds: number;
  checksPerSecond: number;
  /**
   * CPU time of this process per check, in milliseconds: harness and reference together when
   * the reference runs in-process, the harness alone when it is spawned.
   */
  cpuMsPerCheck: number;
  /** CPU time of a spawned target per check, in milliseconds (undefined when in-process or unknown). */
  targetCpuMsPerCheck?: number;
  /** Rules that did not pass against their own reference: a rate over failures means little. */
  notPassing: number;
  error?: string;
}

/** A rate that could not be measured, and why. */
function unmeasured(suite: string, error: string, seconds = 0): SuiteRate {
  return { suite, checks: 0, exchanges: 0, exchangesPerSecond: 0, seconds, checksPerSecond: 0, cpuMsPerCheck: 0, notPassing: 0, error };
}

/**
 * The check rate of a suite against its reference: every rule with a fixed --runs and seed, as
 * `rfcheck run` would; checks are the rule runs fast-check completed (Σ runs), per second of
 * the whole suite run (the reference's start included).
 */
export async function suiteCheckRate(suite: Suite, runs: number, concurrency = 1, how: { batch?: number; target?: TargetSpec; fromTargetReady?: boolean } = {}): Promise<SuiteRate> {
  let started = performance.now();
  let cpuBefore = process.cpuUsage();
  // A spawned target's own CPU, read from its process group when it is up and after each rule
  // (the last reading is taken before runSuite stops it).
  const targetCpu: { group?: number; before?: number; last?: number } = {};
  const readTargetCpu = (): number | undefined => (targetCpu.group === undefined ? undefined : processGroupCpuSeconds(targetCpu.group));
  try {
    const report = await runSuite(suite, how.target ?? { kind: 'reference' }, {
      onTargetReady: (_suite, target) => {
        targetCpu.group = target.processId?.();
        targetCpu.before = readTargetCpu();
        // Sustained figures start the clock once the target is up (a spawned reference takes a
        // second or two to load); the whole-suite figures include the start, as a user waits it.
        if (how.fromTargetReady) {
          started = performance.now();
          cpuBefore = process.cpuUsage();
        }
      },
      onRuleDone: () => {
        targetCpu.last = readTargetCpu();
      },
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
      ...(how.batch ? { batch: how.batch } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const checks = report.rules.reduce((sum, rule) => sum + rule.runs, 0);
    const exchanges = report.rules.reduce((sum, rule) => sum + (rule.exchanges ?? 0), 0);
    const notPassing = report.rules.filter((rule) => rule.status !== 'pass' && rule.status !== 'skip').length;
    const cpuMsPerCheck = (cpu.user + cpu.system) / 1000 / Math.max(1, checks);
    const rate: SuiteRate = { suite: suite.name, checks, exchanges, exchangesPerSecond: exchanges / seconds, seconds, checksPerSecond: checks / seconds, cpuMsPerCheck, notPassing };
    if (targetCpu.before !== undefined && targetCpu.last !== undefined) rate.targetCpuMsPerCheck = ((targetCpu.last - targetCpu.before) * 1000) / Math.max(1, checks);
    return rate;
  } catch (error) {
    return unmeasured(suite.name, errorMessage(error), (performance.now() - started) / 1000);
  }
}

export interface ConcurrentRate extends SuiteRate {
  /** What the figure is, in words (printed beside it and kept in bench.json). */
  what: string;
  concurrency: number;
  batch: number;
  runsPerRule: number;
  rules: number;
  /** Verified exchanges per second of every round, in the order measured (see medianRound). */
  rounds?: number[];
}

/**
 * One figure from several rounds of the same measurement: a round that errs or has rules not
 * passing, if any (a rate over failures must show, not hide behind a median); otherwise the
 * round of median exchanges per second (the lower middle one of an even count). Each round's
 * rate is kept beside it, so the spread a shared machine causes is in the report.
 */
export function medianRound(rounds: ConcurrentRate[]): ConcurrentRate {
  if (rounds.length === 0) throw new RangeError('medianRound of no rounds');
  const spread = rounds.map((r) => r.exchangesPerSecond);
  const troubled = rounds.find((r) => r.error !== undefined || r.notPassing > 0);
  const sorted = [...rounds].sort((a, b) => a.exchangesPerSecond - b.exchangesPerSecond);
  const chosen = troubled ?? (sorted[Math.floor((sorted.length - 1) / 2)] as ConcurrentRate);
  return { ...chosen, rounds: spread };
}

/**
 * The sustained rate: only the suite's rules marked `concurrent` (independent runs against
 * static data), each for `runs` inputs, as `rfcheck run --concurrency C --batch B` runs them
 * against the reference spawned in its own process (`rfcheck serve`, as a student's server
 * would be), so harness and server each get a core; timed from the moment it is up. Every exchange counted is a query or
 * request whose answer a passing check verified; the rules' run caps (which keep `npm start`
 * short) are lifted so that the rate is not all start-up.
 */
export async function concurrentCheckRate(suite: Suite, runs: number, concurrency: number, batch: number): Promise<ConcurrentRate> {
  const rules = suite.rules.filter((rule) => rule.concurrent === true).map(({ maxRuns: _cap, ...rule }) => rule);
  const what = `${rules.length} concurrent-safe ${suite.name} rules, ${runs} inputs each (caps lifted), --concurrency ${concurrency} --batch ${batch}, reference spawned`;
  const rate = await suiteCheckRate({ ...suite, rules }, runs, concurrency, { batch, target: spawnedReference(suite.name), fromTargetReady: true });
  return { ...rate, what, concurrency, batch, runsPerRule: runs, rules: rules.length };
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

/**
 * concurrentCheckRate in a child process (bench/throughput-run.ts), so that the bench's earlier
 * parts (their heap, the in-process references they started) do not weigh on the figure.
 */
export async function concurrentCheckRateInChild(suite: Suite, runs: number, concurrency: number, batch: number, timeoutMs = 600_000): Promise<ConcurrentRate> {
  const script = fileURLToPath(new URL('./throughput-run.ts', import.meta.url));
  const what = `${suite.name}: ${runs} inputs per rule, --concurrency ${concurrency} --batch ${batch}`;
  const failed = (error: string): ConcurrentRate => ({ ...unmeasured(suite.name, error), what, concurrency, batch, runsPerRule: runs, rules: 0 });
  try {
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', script, suite.name, String(runs), String(concurrency), String(batch)], { timeout: timeoutMs, maxBuffer: 1 << 20 });
    const line = stdout.trim().split('\n').at(-1) ?? '';
    return JSON.parse(line) as ConcurrentRate;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    return failed(stderr ? (stderr.split('\n').at(-1) as string) : errorMessage(error));
  }
}
