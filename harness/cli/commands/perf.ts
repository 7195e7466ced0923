import { UsageError } from '../../core/errors.ts';
import type { PerfRecord, Report } from '../../report/model.ts';
import { perfLine } from '../../perf/perf-table.ts';
import { type PerfSettings, perfScenarios, scenarioNamed } from '../../perf/scenarios.ts';
import { maxObjectBytes } from '../../perf/page-objects.ts';
import { parseEndpoint } from '../../targets/target-spec.ts';
import { integerFlag, parseFlags } from '../flags.ts';
import { version, writeReports } from './run.ts';

const perfFlagTable = {
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

/** A decimal number within bounds, or a UsageError naming the flag. */
function decimalFlag(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`--${flag} takes a number, not '${value}'`);
  const number = Number(value);
  if (number < min || number > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, not ${value}`);
  return number;
}

/**
 * `rfcheck perf <scenario|all> [flags]`: measures a scenario through the link emulator and
 * prints measured, model and ratio; --json/--html/--md write a report whose `perf` holds the
 * records (and `suites` is empty), so every report writer works unchanged.
 */
export async function perfCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, perfFlagTable);
  const known = [...Object.keys(perfScenarios), 'all'].join(', ');
  if (positionals.length !== 1) throw new UsageError(`perf takes one scenario (${known})`);
  const name = positionals[0] as string;
  const names = name === 'all' ? Object.keys(perfScenarios).filter((n) => !perfScenarios[n]?.unavailable) : [name];
  const scenarios = names.map((n) => [n, scenarioNamed(n)] as const);
  const quiet = values.quiet ?? false;
  const settings: PerfSettings = {
    rttMs: decimalFlag(values.rtt, 'rtt', 0, 10_000),
    rateMbps: decimalFlag(values.rate, 'rate', 0.01, 10_000),
    objects: integerFlag(values.objects, 'objects', 10, 0, 1000),
    objectBytes: values.size === undefined ? undefined : integerFlag(values.size, 'size', 0, 1, maxObjectBytes),
    parallel: integerFlag(values.parallel, 'parallel', 5, 1, 100),
    repeat: integerFlag(values.repeat, 'repeat', 3, 1, 50),
    hitRate: decimalFlag(values['hit-rate'], 'hit-rate', 0, 0.99) ?? 0.4,
    requestsPerSecond: decimalFlag(values['request-rate'], 'request-rate', 0.1, 10_000) ?? 30,
    requests: integerFlag(values.requests, 'requests', 200, 1, 9999),
    packets: integerFlag(values.packets, 'packets', 300, 20, 100_000),
    seed: integerFlag(values.seed, 'seed', 1, 0, 2 ** 31 - 1),
    onRecord: (record) => process.stdout.write(`${perfLine(record)}\n`),
  };
  if (values.target !== undefined) settings.target = parseEndpoint(values.target);
  if (settings.target && names.some((n) => !n.startsWith('http-') && n !== 'web-cache')) {
    throw new UsageError(`--target is an HTTP server: it applies to the http-* and web-cache scenarios only`);
  }

  const started = Date.now();
  const records: PerfRecord[] = [];
  for (const [scenarioName, scenario] of scenarios) {
    if (!quiet) process.stderr.write(`${scenarioName} — ${scenario.summary}\n`);
    records.push(...(await scenario.run(settings)));
  }
  const report: Report = { tool: 'rfcheck', version, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, suites: [], perf: records };
  await writeReports(report, { json: values.json, html: values.html, md: values.md });
  return 0;
}
