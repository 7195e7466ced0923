import { loadSuites } from '../harness/core/catalogue.ts';
import type { Suite } from '../harness/core/suite.ts';
import { UsageError, errorMessage } from '../harness/core/errors.ts';
import { integerFlag, parseFlags } from '../harness/cli/flags.ts';
import { fixturesDir } from '../harness/core/catalogue.ts';
import { fuzzSettings } from '../harness/fuzz/default-settings.ts';
import { type FuzzSettings, type FuzzSuiteReport, fuzzSuite } from '../harness/fuzz/fuzz-suite.ts';
import { spawnedReference } from '../harness/targets/spawned-reference.ts';
import { type GoalResult, atLeast } from './goals.ts';

/**
 * `npx tsx bench/fuzz-rate.ts [--only echo-tcp,smtp] [--seconds 10] [--seed 1] [--concurrency 32]`:
 * `rfcheck fuzz` against each suite's reference (spawned, over loopback) for a while; prints
 * executions per second and the ratio to the goal of 1,000/s, and any finding.
 */
export const goalExecsPerSecond = 1000;

/** The fuzz settings of the benchmarks: those of `rfcheck fuzz` with its defaults. */
export function benchFuzzSettings(seed: number, durationMs: number, concurrency: number, maxExecs = Number.MAX_SAFE_INTEGER): FuzzSettings {
  return fuzzSettings({
    seed,
    durationMs,
    maxExecs,
    concurrency,
    startTimeoutMs: 30_000,
    options: { fixturesDir },
    replayCommand: (id) => `(bench: rerun with rfcheck fuzz to get a report) ${id}`,
  });
}

export function findingLines(report: FuzzSuiteReport): string[] {
  return report.rules.map((r) => `    FINDING ${r.id} [${r.level}] ${r.message ?? ''}\n      ${(r.counterexample?.steps ?? []).slice(0, 6).join('\n      ')}`);
}

/** One suite's fuzz rate: `rfcheck fuzz` against its reference, spawned, for a while. */
export interface FuzzExecRate {
  suite: string;
  execs: number;
  execsPerSecond: number;
  corpusSessions: number;
  probe: string;
  findings: number;
  error?: string;
}

/**
 * Fuzzes each suite's reference (spawned, over loopback) for `seconds` and prints one line per
 * suite, findings under it; a suite that could not be fuzzed gets its reason instead.
 */
export async function measureFuzzRates(suites: readonly Suite[], settings: { seconds: number; seed: number; concurrency: number }, print: (line: string) => void): Promise<FuzzExecRate[]> {
  print(`  ${'suite'.padEnd(19)} ${'execs'.padStart(8)} ${'execs/s'.padStart(8)} ${'÷goal'.padStart(6)}  corpus  probe        findings`);
  const rates: FuzzExecRate[] = [];
  for (const suite of suites) {
    try {
      const report = await fuzzSuite(suite, spawnedReference(suite.name), benchFuzzSettings(settings.seed, settings.seconds * 1000, settings.concurrency));
      const { fuzz } = report;
      rates.push({ suite: suite.name, execs: fuzz.execs, execsPerSecond: fuzz.execsPerSecond, corpusSessions: fuzz.corpusSessions, probe: fuzz.probe, findings: report.rules.length });
      const ratio = (fuzz.execsPerSecond / goalExecsPerSecond).toFixed(2);
      print(`  ${suite.name.padEnd(19)} ${String(fuzz.execs).padStart(8)} ${String(fuzz.execsPerSecond).padStart(8)} ${ratio.padStart(6)}  ${String(fuzz.corpusSessions).padStart(6)}  ${fuzz.probe.padEnd(12)} ${report.rules.length}`);
      for (const line of findingLines(report)) print(line);
    } catch (error) {
      rates.push({ suite: suite.name, execs: 0, execsPerSecond: 0, corpusSessions: 0, probe: 'none', findings: 0, error: errorMessage(error) });
      print(`  ${suite.name.padEnd(19)} not measured: ${errorMessage(error)}`);
    }
  }
  return rates;
}

/** Issue 10's fuzzing goal, judged on the slowest suite (a suite that could not be fuzzed misses it). */
export function fuzzGoal(rates: FuzzExecRate[] | undefined): GoalResult {
  const goal = `fuzz ≥ ${goalExecsPerSecond.toLocaleString('en')} executions/s on every suite`;
  if (!rates || rates.length === 0) return atLeast(goal, undefined, goalExecsPerSecond, '/s');
  const slowest = rates.reduce((low, r) => (r.execsPerSecond < low.execsPerSecond ? r : low));
  const failed = rates.filter((r) => r.error !== undefined).map((r) => r.suite);
  const note = `slowest: ${slowest.suite}${failed.length > 0 ? `; not fuzzed: ${failed.join(', ')}` : ''}${rates.some((r) => r.findings > 0) ? '; a reference had findings' : ''}`;
  return atLeast(goal, slowest.execsPerSecond, goalExecsPerSecond, '/s', note);
}

async function main(): Promise<void> {
  const { values } = parseFlags(process.argv.slice(2), { only: { type: 'string' }, seconds: { type: 'string' }, seed: { type: 'string' }, concurrency: { type: 'string' } });
  const suites = await loadSuites();
  const only = values.only?.split(',');
  const unknown = only?.filter((name) => !suites.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) throw new UsageError(`--only names unknown suites: ${unknown.join(', ')}`);
  const seconds = integerFlag(values.seconds, 'seconds', 10, 1, 3600);
  const seed = integerFlag(values.seed, 'seed', 1, 0, 2 ** 31 - 1);
  const concurrency = integerFlag(values.concurrency, 'concurrency', 32, 1, 256);
  process.stdout.write(`fuzz rate against each reference (spawned, loopback), ${seconds} s each, seed ${seed}, concurrency ${concurrency}; goal ${goalExecsPerSecond}/s\n`);
  await measureFuzzRates(suites.filter((s) => !only || only.includes(s.name)), { seconds, seed, concurrency }, (line) => process.stdout.write(`${line}\n`));
}

if (process.argv[1]?.endsWith('fuzz-rate.ts')) await main();
