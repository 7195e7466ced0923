import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { loadSuites } from '../../core/catalogue.ts';
import type { Suite } from '../../core/suite.ts';
import { applyGate, gateFrom } from '../../gate/baseline-gate.ts';
import { inShard, parseShard } from '../../gate/shard.ts';
import { githubAnnotations } from '../../report/annotations.ts';
import { exitCodeFor } from '../../report/exit-code.ts';
import type { Report, SuiteReport } from '../../report/model.ts';
import { progressLine, terminalSummary } from '../../report/terminal.ts';
import { junitFiles } from '../../report/junit.ts';
import { reportWriters } from '../../report/writers.ts';
import { runSuite } from '../../runner/run-suite.ts';
import { ruleMatcher } from '../../runner/select-rules.ts';
import { integerFlag, parseFlags, runFlagTable } from '../flags.ts';
import { limitsFrom, numbersFrom, suiteOptionsFrom, targetSpecFrom } from '../run-settings.ts';

export const version = '0.1.0';
/**
 * Checks in flight at once within a rule marked `concurrent` (independent runs against static
 * data): enough to keep the wire busy while one answer is on its way, few enough for a small
 * student server.
 */
export const defaultConcurrency = 4;
/** Where a run's JSON report goes when --json is not given, so every failure can be replayed. */
export const defaultJsonPath = path.join('reports', 'last-run.json');

/** `rfcheck run <suite…|all|rule-glob…> [flags]` */
export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, runFlagTable);
  if (positionals.length === 0) throw new UsageError("run needs a suite name, 'all', or a rule pattern such as 'http/9.3.*'");
  const all = await loadSuites();
  const { suites, patterns } = selectSuites(all, positionals, values.rules ?? []);
  const target = targetSpecFrom(values);
  if (target.kind !== 'reference' && positionals.includes('all')) {
    throw new UsageError("'all' runs every suite against its reference; name the suite(s) that --target/--spawn/--container serves");
  }
  const numbers = numbersFrom(values);
  const limits = limitsFrom(values);
  const options = suiteOptionsFrom(values);
  const strict = values.strict ?? false;
  const jsonPath = values.json ?? defaultJsonPath;
  const quiet = values.quiet ?? false;
  const matches = ruleMatcher(patterns);
  const selectedIds = suites.flatMap((s) => s.rules.map((r) => r.id).filter(matches));
  const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
  const select = shard ? inShard(shard, selectedIds) : matches;
  const gate = await gateFrom(values);
  const annotate = (values.annotations ?? (process.env.GITHUB_ACTIONS === 'true' ? 'github' : 'none')) === 'github';
  if (values.annotations !== undefined && !['github', 'none'].includes(values.annotations)) {
    throw new UsageError(`--annotations takes 'github' or 'none', not '${values.annotations}'`);
  }

  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const jobs = integerFlag(values.jobs, 'jobs', 1, 1, 64);
  const concurrency = integerFlag(values.concurrency, 'concurrency', defaultConcurrency, 1, 64);
  const batch = integerFlag(values.batch, 'batch', 1, 1, 1000);
  const chosen = suites.filter((s) => s.rules.some((r) => select(r.id)));
  // Suites run `jobs` at a time; each has its own target, so they only share the machine. The
  // longest start first (so the last to finish is a short one); the report keeps the
  // catalogue's order whatever order they finish in.
  const order = jobs > 1 ? longestFirst(chosen, await previousDurations(jsonPath)) : chosen.map((_, index) => index);
  const reports: SuiteReport[] = new Array(chosen.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < order.length) {
      const index = order[next++] as number;
      const suite = chosen[index] as Suite;
      reports[index] = await runSuite(suite, target, {
        onTargetReady: () => {
          if (!quiet) process.stderr.write(`${suite.name} — ${suite.title}\n`);
        },
        ...numbers,
        limits,
        strict,
        options,
        select,
        shrink: values['no-shrink'] !== true,
        concurrency,
        batch,
        replayCommand: (_suite, ruleId) => `npx rfcheck replay ${jsonPath} ${ruleId}`,
        onRuleDone: (_suite, result) => {
          if (!quiet) process.stderr.write(`${progressLine(result)}\n`);
        },
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, chosen.length) }, worker));
  const report: Report = { tool: 'rfcheck', version, startedAt, durationMs: Date.now() - started, suites: reports, perf: [] };
  await writeReports(report, { ...values, json: jsonPath });
  process.stdout.write(terminalSummary(report));
  if (annotate) process.stdout.write(githubAnnotations(report));
  return gate ? applyGate(gate, report, strict) : exitCodeFor(reports, strict);
}

/**
 * How long each suite took in the report a previous run left at `jsonPath` (the file this run
 * will overwrite); empty when there is none or it cannot be read.
 */
export async function previousDurations(jsonPath: string): Promise<Map<string, number>> {
  try {
    const report = JSON.parse(await readFile(jsonPath, 'utf8')) as { suites?: { suite?: unknown; durationMs?: unknown }[] };
    const durations = new Map<string, number>();
    for (const entry of report.suites ?? []) {
      if (typeof entry.suite === 'string' && typeof entry.durationMs === 'number') durations.set(entry.suite, entry.durationMs);
    }
    return durations;
  } catch {
    return new Map();
  }
}

/**
 * Indices of `suites` in the order to start them: longest (by `durations`, else the suite's
 * own `typicalSeconds`) first; a suite with neither counts as short (the suites that wait on
 * purpose say so), and ties keep the catalogue's order.
 */
export function longestFirst(suites: Suite[], durations: Map<string, number>): number[] {
  const cost = (index: number): number => {
    const suite = suites[index] as Suite;
    return durations.get(suite.name) ?? (suite.typicalSeconds ?? 0) * 1000;
  };
  return suites.map((_, index) => index).sort((a, b) => (cost(a) === cost(b) ? a - b : cost(b) - cost(a)));
}

/** Splits positionals into suites and rule patterns; 'all' means every suite. */
export function selectSuites(all: Suite[], positionals: string[], rulePatterns: string[]): { suites: Suite[]; patterns: string[] } {
  const byName = new Map(all.map((s) => [s.name, s]));
  const chosen = new Set<Suite>();
  const patterns = [...rulePatterns];
  for (const word of positionals) {
    if (word === 'all') all.forEach((s) => chosen.add(s));
    else if (byName.has(word)) chosen.add(byName.get(word) as Suite);
    else if (word.includes('/') && byName.has(word.split('/')[0] as string)) {
      chosen.add(byName.get(word.split('/')[0] as string) as Suite);
      patterns.push(word);
    } else throw new UsageError(`unknown suite '${word}' (known: ${all.map((s) => s.name).join(', ')})`);
  }
  for (const pattern of rulePatterns) {
    const suiteName = pattern.split('/')[0] ?? '';
    if (!byName.has(suiteName) && !/[*?]/.test(suiteName)) throw new UsageError(`--rules '${pattern}' names no known suite`);
  }
  const suites = all.filter((s) => chosen.has(s));
  const matcher = ruleMatcher(patterns);
  if (patterns.length > 0 && !suites.some((s) => s.rules.some((r) => matcher(r.id)))) {
    throw new UsageError(`no rule matches ${patterns.map((p) => `'${p}'`).join(', ')}`);
  }
  return { suites, patterns };
}

/**
 * Writes each requested format. `--junit DIR/` (or an existing directory) gets one
 * TEST-<suite>.xml per suite, surefire's own layout.
 */
export async function writeReports(report: Report, files: Partial<Record<keyof typeof reportWriters, string>>): Promise<void> {
  for (const [format, write] of Object.entries(reportWriters)) {
    const file = files[format as keyof typeof reportWriters];
    if (file === undefined) continue;
    try {
      if (format === 'junit' && (file.endsWith('/') || (await isDirectory(file)))) {
        await mkdir(file, { recursive: true });
        for (const [name, xml] of junitFiles(report)) await writeFile(path.join(file, name), xml);
        continue;
      }
      await mkdir(path.dirname(path.resolve(file)), { recursive: true });
      await writeFile(file, write(report));
    } catch (error) {
      throw new UsageError(`cannot write the ${format} report to ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isDirectory();
  } catch {
    return false;
  }
}
