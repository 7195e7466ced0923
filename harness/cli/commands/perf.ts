import { UsageError } from '../../core/errors.ts';
import type { PerfRecord, Report } from '../../report/model.ts';
import { perfLine } from '../../perf/perf-table.ts';
import { type PerfFlag, type PerfFlagValues, type PerfScenario, type PerfSettings, decimalFlag, stringValue } from '../../perf/perf-scenario.ts';
import { loadPerfScenarios, scenarioNamed } from '../../perf/scenarios.ts';
import { maxObjectBytes } from '../../perf/page-objects.ts';
import { parseEndpoint } from '../../targets/target-spec.ts';
import { integerFlag, parseFlags } from '../flags.ts';
import { version, writeReports } from './run.ts';

/** The flags every scenario shares (PerfSettings); scenarios add their own (PerfScenario.flags). */
const sharedFlagTable = {
  rtt: { type: 'string' },
  rate: { type: 'string' },
  objects: { type: 'string' },
  size: { type: 'string' },
  parallel: { type: 'string' },
  repeat: { type: 'string' },
  'hit-rate': { type: 'string' },
  'request-rate': { type: 'string' },
  requests: { type: 'string' },
  packets: { type: 'string' },
  seed: { type: 'string' },
  target: { type: 'string' },
  json: { type: 'string' },
  html: { type: 'string' },
  md: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The shared table plus every scenario's own flags; a scenario's flag may not shadow a shared one. */
function flagTable(scenarios: Record<string, PerfScenario>): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  const table: Record<string, { type: 'string' | 'boolean'; short?: string }> = { ...sharedFlagTable };
  const owner = new Map<string, string>();
  for (const [name, scenario] of Object.entries(scenarios)) {
    for (const [flag, spec] of Object.entries(scenario.flags ?? {})) {
      if (flag in sharedFlagTable) throw new Error(`perf scenario '${name}' declares --${flag}, a flag every scenario shares`);
      const earlier = table[flag];
      if (earlier && earlier.type !== spec.type) throw new Error(`perf scenarios '${owner.get(flag)}' and '${name}' declare --${flag} with different types`);
      table[flag] = { type: spec.type };
      owner.set(flag, name);
    }
  }
  return table;
}

/** `rfcheck perf list`: every scenario with its summary, its own flags and what --target means. */
function listing(scenarios: Record<string, PerfScenario>): string {
  const lines: string[] = [];
  for (const [name, scenario] of Object.entries(scenarios)) {
    lines.push(`${name.padEnd(19)} ${scenario.summary}${scenario.unavailable ? ` (not available: ${scenario.unavailable})` : ''}`);
    for (const [flag, spec] of Object.entries<PerfFlag>(scenario.flags ?? {})) {
      lines.push(`    ${`--${flag}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`.padEnd(22)} ${spec.help}`);
    }
    if (scenario.target) lines.push(`    ${'--target HOST:PORT'.padEnd(22)} ${scenario.target}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `rfcheck perf --help`: the usage, then every scenario (the protocol folders' too) with its
 * own flags, so that the help a user reaches first names what `perf` can measure.
 */
export async function perfHelp(usage: string): Promise<string> {
  return `${usage}\nevery perf scenario (rfcheck perf list), with the flags of its own:\n${listing(await loadPerfScenarios())}`;
}

/**
 * `rfcheck perf <scenario|all|list> [flags]`: measures a scenario through the link emulator and
 * prints measured, model and ratio; --json/--html/--md write a report whose `perf` holds the
 * records (and `suites` is empty), so every report writer works unchanged. Scenarios come from
 * harness/perf and from reference/<protocol>/perf-scenarios.ts; every flag is checked, and
 * every selected scenario has parsed its own, before anything is measured.
 */
export async function perfCommand(argv: string[]): Promise<number> {
  const scenarios = await loadPerfScenarios();
  const table = flagTable(scenarios);
  const { values, positionals } = parseFlags(argv, table);
  const raw = values as PerfFlagValues;
  const known = [...Object.keys(scenarios), 'all', 'list'].join(', ');
  if (positionals.length !== 1) throw new UsageError(`perf takes one scenario (${known})`);
  const name = positionals[0] as string;
  if (name === 'list') {
    process.stdout.write(listing(scenarios));
    return 0;
  }
  const names = name === 'all' ? Object.keys(scenarios).filter((n) => !scenarios[n]?.unavailable) : [name];
  const selected = names.map((n) => [n, scenarioNamed(scenarios, n)] as const);
  const unavailable = selected.find(([, s]) => s.unavailable);
  if (unavailable) throw new UsageError(`perf ${unavailable[0]} is not available: ${unavailable[1].unavailable}`);
  for (const flag of Object.keys(raw)) {
    if (flag in sharedFlagTable || raw[flag] === undefined) continue;
    if (!selected.some(([, s]) => s.flags && flag in s.flags)) {
      const owners = Object.entries(scenarios).filter(([, s]) => s.flags && flag in s.flags).map(([n]) => n);
      throw new UsageError(`--${flag} applies to ${owners.join(', ')} only`);
    }
  }
  const quiet = raw.quiet === true;
  const settings: PerfSettings = {
    rttMs: decimalFlag(stringValue(raw, 'rtt'), 'rtt', 0, 10_000),
    rateMbps: decimalFlag(stringValue(raw, 'rate'), 'rate', 0.01, 10_000),
    objects: integerFlag(stringValue(raw, 'objects'), 'objects', 10, 0, 1000),
    objectBytes: stringValue(raw, 'size') === undefined ? undefined : integerFlag(stringValue(raw, 'size'), 'size', 0, 1, maxObjectBytes),
    parallel: integerFlag(stringValue(raw, 'parallel'), 'parallel', 5, 1, 100),
    repeat: integerFlag(stringValue(raw, 'repeat'), 'repeat', 3, 1, 50),
    hitRate: decimalFlag(stringValue(raw, 'hit-rate'), 'hit-rate', 0, 0.99) ?? 0.4,
    requestsPerSecond: decimalFlag(stringValue(raw, 'request-rate'), 'request-rate', 0.1, 10_000) ?? 30,
    requests: integerFlag(stringValue(raw, 'requests'), 'requests', 200, 1, 9999),
    packets: integerFlag(stringValue(raw, 'packets'), 'packets', 300, 20, 100_000),
    seed: integerFlag(stringValue(raw, 'seed'), 'seed', 1, 0, 2 ** 31 - 1),
    onRecord: (record) => process.stdout.write(`${perfLine(record)}\n`),
    print: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  };
  const target = stringValue(raw, 'target');
  if (target !== undefined) {
    settings.target = parseEndpoint(target);
    const refusing = selected.filter(([, s]) => !s.target).map(([n]) => n);
    if (refusing.length > 0) {
      const taking = Object.entries(scenarios).filter(([, s]) => s.target).map(([n]) => n);
      throw new UsageError(`--target does not apply to ${refusing.join(', ')} (it applies to ${taking.join(', ')})`);
    }
  }
  const runs = selected.map(([scenarioName, scenario]) => ({ scenarioName, scenario, options: scenario.parse?.(raw, settings) }));

  const started = Date.now();
  const records: PerfRecord[] = [];
  for (const { scenarioName, scenario, options } of runs) {
    if (!quiet) process.stderr.write(`${scenarioName} — ${scenario.summary}\n`);
    records.push(...(await scenario.run(settings, options)));
  }
  const report: Report = { tool: 'rfcheck', version, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, suites: [], perf: records };
  await writeReports(report, { json: stringValue(raw, 'json'), html: stringValue(raw, 'html'), md: stringValue(raw, 'md') });
  return 0;
}
