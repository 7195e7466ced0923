import { UsageError } from '../../core/errors.ts';
import { loadSuites } from '../../core/catalogue.ts';
import { parseDuration } from '../../fuzz/duration.ts';
import { fuzzDefaults, fuzzSettings } from '../../fuzz/default-settings.ts';
import { type FuzzSettings, fuzzSuite } from '../../fuzz/fuzz-suite.ts';
import { spawnedReference } from '../../targets/spawned-reference.ts';
import type { Report } from '../../report/model.ts';
import { integerFlag, parseFlags, runningFlags, targetDataFlags } from '../flags.ts';
import { numbersFrom, suiteOptionsFrom, targetSpecFrom } from '../run-settings.ts';
import { version, writeReports } from './run.ts';

export const fuzzFlagTable = {
  target: { type: 'string' },
  spawn: { type: 'string' },
  container: { type: 'string' },
  'container-cmd': { type: 'string' },
  duration: { type: 'string' },
  'max-execs': { type: 'string' },
  concurrency: { type: 'string' },
  'quiet-ms': { type: 'string' },
  'max-rss-growth': { type: 'string' },
  'minimise-time': { type: 'string' },
  json: { type: 'string' },
  ...runningFlags,
  ...targetDataFlags,
} as const;

export const defaultFuzzJsonPath = 'reports/last-fuzz.json';

/**
 * `rfcheck fuzz <suite> [target] [--duration 60s] [--seed N] [--max-execs N] [--json FILE]`:
 * mutates the sessions the suite's own rules send and watches the target. Exit 0 without
 * findings, 1 with, 2 on usage errors or an unreachable target.
 */
export async function fuzzCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, fuzzFlagTable);
  if (values.runs !== undefined || values.timeout !== undefined) throw new UsageError('fuzz takes --duration and --max-execs, not --runs or --timeout');
  const suites = await loadSuites();
  const [name] = positionals;
  const suite = suites.find((s) => s.name === name);
  if (!suite || positionals.length !== 1) throw new UsageError(`fuzz takes one suite name (known: ${suites.map((s) => s.name).join(', ')})`);
  const given = targetSpecFrom(values);
  const target = given.kind === 'reference' ? spawnedReference(suite.name) : given;
  const numbers = numbersFrom(values);
  const durationMs = values.duration !== undefined ? parseDuration(values.duration) : fuzzDefaults.durationMs;
  const readTimeoutMs = integerFlag(values['read-timeout'], 'read-timeout', fuzzDefaults.readTimeoutMs, 10, 600_000);
  const jsonPath = values.json ?? defaultFuzzJsonPath;
  const quiet = values.quiet ?? false;
  const say = (line: string): void => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };

  const settings: FuzzSettings = fuzzSettings({
    seed: numbers.seed,
    durationMs,
    maxExecs: integerFlag(values['max-execs'], 'max-execs', Number.MAX_SAFE_INTEGER, 1, Number.MAX_SAFE_INTEGER),
    concurrency: integerFlag(values.concurrency, 'concurrency', fuzzDefaults.concurrency, 1, 256),
    exec: { readTimeoutMs, quietMs: integerFlag(values['quiet-ms'], 'quiet-ms', fuzzDefaults.quietMs, 1, 10_000), maxReplyBytes: fuzzDefaults.maxReplyBytes },
    startTimeoutMs: numbers.startTimeoutMs,
    maxRssGrowthBytes: integerFlag(values['max-rss-growth'], 'max-rss-growth', fuzzDefaults.maxRssGrowthMb, 1, 1_000_000) * 1024 * 1024,
    minimiseBudgetMs: values['minimise-time'] !== undefined ? parseDuration(values['minimise-time'], '--minimise-time') : fuzzDefaults.minimiseBudgetMs,
    options: suiteOptionsFrom(values),
    replayCommand: (id) => `npx rfcheck replay ${jsonPath} ${id}`,
    onPhase: say,
    onProgress: (p) => {
      if (Date.now() < nextProgress) return;
      nextProgress = Date.now() + 5000;
      const memory = p.rssBytes !== undefined ? `, target ${(p.rssBytes / 1048576).toFixed(0)} MiB` : '';
      say(`  ${p.execs} executions, ${Math.round((p.execs * 1000) / Math.max(1, p.elapsedMs))}/s${memory}`);
    },
  });
  const started = Date.now();
  let nextProgress = started + 5000;
  const entry = await fuzzSuite(suite, target, settings);
  const report: Report = { tool: 'rfcheck', version, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, suites: [entry], perf: [] };
  await writeReports(report, { json: jsonPath });
  const { fuzz } = entry;
  process.stdout.write(`${suite.name}: ${fuzz.execs} executions in ${(fuzz.elapsedMs / 1000).toFixed(1)} s (${fuzz.execsPerSecond}/s), ${entry.rules.length} finding(s); seed ${numbers.seed}\n`);
  for (const finding of entry.rules) {
    process.stdout.write(`FINDING ${finding.id} [${finding.level}] ${finding.message ?? ''}\n`);
    for (const step of finding.counterexample?.steps ?? []) process.stdout.write(`  ${step}\n`);
    process.stdout.write(`  replay: ${finding.counterexample?.replay ?? ''}\n`);
  }
  process.stdout.write(`report: ${jsonPath}\n`);
  return entry.rules.length > 0 ? 1 : 0;
}
