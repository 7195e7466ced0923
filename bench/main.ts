import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadProtocolPerfScenarios, loadSuites, projectRoot } from '../harness/core/catalogue.ts';
import { UsageError, errorMessage } from '../harness/core/errors.ts';
import { integerFlag, parseFlags } from '../harness/cli/flags.ts';
import { perfLine } from '../harness/perf/perf-table.ts';
import { type PerfSettings, perfScenarios } from '../harness/perf/scenarios.ts';
import type { PerfRecord } from '../harness/report/model.ts';
import { type ConcurrentRate, type FuzzRate, type SuiteRate, concurrentCheckRateInChild, medianRound, suiteCheckRate, suiteFuzzRate } from './check-rate.ts';
import { type EmulatorErrorRow, emulatorErrorTable } from './emulator-accuracy.ts';
import { type FuzzExecRate, fuzzGoal, measureFuzzRates } from './fuzz-rate.ts';
import { type GoalResult, atLeast, atMost, goalLine } from './goals.ts';
import { type ThroughputComparison, httpReferenceVersusNginx } from './http-throughput.ts';
import { type StartCost, measureNpmStart } from './npm-start.ts';
import { dnsReferenceVersusNsd } from './nsd-comparison.ts';
import { securityReportPart } from './security-report.ts';

/**
 * `npm run bench [-- --only PART,… --runs N --seconds S]`: rfcheck's own speed and accuracy,
 * measured in one run and printed as ratios; written to reports/bench.json. Parts: emulator
 * (the link emulator's error), scenarios (each perf scenario's measured/model), checks (check
 * and fuzz rate per suite; the sustained rate of dns-auth's and http's concurrent-safe rules at
 * --concurrency (32) and --batch (32), --throughput-runs (16000) inputs each, against the reference
 * spawned in its own process: verified exchanges per second, the median of --rounds rounds), fuzz
 * (`rfcheck fuzz` executions per second against each spawned reference, --fuzz-seconds each), servers
 * (references against nginx/nsd, alternating, --rounds times, medians), start (`npm start`).
 * The machine's load average is recorded beside the figures: on a shared machine they move.
 */
const parts = ['emulator', 'scenarios', 'checks', 'fuzz', 'servers', 'start', 'security'] as const;
type Part = (typeof parts)[number];

interface BenchReport {
  startedAt: string;
  durationS: number;
  machine: { cpus: number; loadAverageBefore: number[]; loadAverageAfter: number[] };
  emulator?: EmulatorErrorRow[];
  scenarios?: PerfRecord[];
  checkRates?: SuiteRate[];
  /** dns-auth's and http's concurrent-safe rules only: the figure the throughput goals name. */
  concurrentRates?: ConcurrentRate[];
  /** Inputs the rules' generators make per second, without any wire (the name predates the fuzz part). */
  fuzzRates?: FuzzRate[];
  /** `rfcheck fuzz` against each spawned reference: mutated inputs sent and judged per second. */
  fuzzExecRates?: FuzzExecRate[];
  servers?: { http?: ThroughputComparison; dns?: ThroughputComparison; notMeasured: string[] };
  npmStart?: StartCost;
  goals: GoalResult[];
}

const out = (line = ''): boolean => process.stdout.write(`${line}\n`);
const fixed = (value: number, digits = 3): string => value.toFixed(digits);

async function main(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, {
    only: { type: 'string' },
    runs: { type: 'string' },
    seconds: { type: 'string' },
    json: { type: 'string' },
    concurrency: { type: 'string' },
    batch: { type: 'string' },
    'throughput-runs': { type: 'string' },
    rounds: { type: 'string' },
    'fuzz-seconds': { type: 'string' },
  });
  const chosen = (values.only?.split(',') ?? [...parts]).map((p) => p.trim());
  const unknown = chosen.filter((p) => !(parts as readonly string[]).includes(p));
  if (unknown.length > 0) throw new UsageError(`unknown bench part '${unknown.join(',')}' (parts: ${parts.join(', ')})`);
  const want = (part: Part): boolean => chosen.includes(part);
  const runs = integerFlag(values.runs, 'runs', 20, 1, 10_000);
  const seconds = integerFlag(values.seconds, 'seconds', 5, 1, 120);
  const concurrency = integerFlag(values.concurrency, 'concurrency', throughputConcurrency, 1, 64);
  const batch = integerFlag(values.batch, 'batch', throughputBatch, 1, 1000);
  const throughputRuns = integerFlag(values['throughput-runs'], 'throughput-runs', 16_000, 1, 1_000_000);
  const rounds = integerFlag(values.rounds, 'rounds', 3, 1, 20);
  const fuzzSeconds = integerFlag(values['fuzz-seconds'], 'fuzz-seconds', 3, 1, 600);
  const jsonPath = values.json ?? path.join(projectRoot, 'reports', 'bench.json');

  const started = Date.now();
  const report: BenchReport = {
    startedAt: new Date(started).toISOString(),
    durationS: 0,
    machine: { cpus: os.cpus().length, loadAverageBefore: os.loadavg(), loadAverageAfter: [] },
    goals: [],
  };
  out(`rfcheck bench · ${report.machine.cpus} cores · load average ${report.machine.loadAverageBefore.map((l) => l.toFixed(2)).join(' ')}`);

  if (want('emulator')) report.emulator = await emulatorPart();
  if (want('scenarios')) report.scenarios = await scenariosPart();
  if (want('checks')) Object.assign(report, await checksPart(runs, { runs: throughputRuns, concurrency, batch, rounds }));
  if (want('fuzz')) report.fuzzExecRates = await fuzzPart(fuzzSeconds);
  if (want('servers')) report.servers = await serversPart(seconds, rounds);
  if (want('start')) report.npmStart = await startPart();
  if (want('security')) await securityReportPart();

  report.goals = goals(report);
  out('\ngoals');
  for (const goal of report.goals) out(`  ${goalLine(goal)}`);
  report.machine.loadAverageAfter = os.loadavg();
  report.durationS = (Date.now() - started) / 1000;
  await mkdir(path.dirname(jsonPath), { recursive: true });
  await writeFile(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  out(`\nwritten ${path.relative(process.cwd(), jsonPath)} in ${report.durationS.toFixed(0)} s · load average after ${report.machine.loadAverageAfter.map((l) => l.toFixed(2)).join(' ')}`);
  return 0;
}

async function emulatorPart(): Promise<EmulatorErrorRow[]> {
  out('\nlink emulator: delivered vs configured (median of 5 RTT samples, 3 rate samples)');
  out('  transport  RTT ms  rate Mbit/s   measured RTT   RTT ratio   measured rate   rate ratio');
  const rows = await emulatorErrorTable();
  for (const r of rows) {
    out(`  ${r.transport.padEnd(9)} ${String(r.rttMs).padStart(6)} ${String(r.rateMbps).padStart(12)}   ${fixed(r.measuredRttMs, 2).padStart(12)}   ${fixed(r.rttRatio).padStart(9)}   ${fixed(r.measuredRateMbps, 2).padStart(13)}   ${fixed(r.rateRatio).padStart(10)}`);
  }
  return rows;
}

async function scenariosPart(): Promise<PerfRecord[]> {
  out('\nperf scenarios: measured / model');
  const records: PerfRecord[] = [];
  const base: PerfSettings = { objects: 10, parallel: 5, repeat: 3, hitRate: 0.4, requestsPerSecond: 30, requests: 200, packets: 300, seed: 1 };
  const onRecord = (record: PerfRecord): void => void out(`  ${perfLine(record)}`);
  for (const [name, scenario] of Object.entries(perfScenarios)) {
    if (scenario.unavailable) {
      out(`  ${name.padEnd(19)} not measured: ${scenario.unavailable}`);
      continue;
    }
    const rtts = name.startsWith('http-') ? [20, 50, 100] : [undefined];
    for (const rttMs of rtts) {
      try {
        records.push(...(await scenario.run({ ...base, rttMs, onRecord })));
      } catch (error) {
        out(`  ${name.padEnd(19)} failed: ${errorMessage(error)}`);
      }
    }
  }
  // The scenarios protocol folders add (p2p, dns, dash), each at its own defaults.
  for (const [name, scenario] of await loadProtocolPerfScenarios()) {
    try {
      const settings = { ...base, onRecord, print: (text: string) => void out(text) };
      records.push(...(await scenario.run(settings, scenario.parse?.({}, settings))));
    } catch (error) {
      out(`  ${name.padEnd(19)} failed: ${errorMessage(error)}`);
    }
  }
  return records;
}

/** How the sustained rate is measured: inputs per rule, lanes, inputs per run, and rounds of it. */
interface SustainedSettings {
  runs: number;
  concurrency: number;
  batch: number;
  rounds: number;
}

async function checksPart(runs: number, sustained: SustainedSettings): Promise<{ checkRates: SuiteRate[]; concurrentRates: ConcurrentRate[]; fuzzRates: FuzzRate[] }> {
  out(`\ncheck rate against each reference, whole suite (every rule, --runs ${runs}, --concurrency 1; CPU counts harness and in-process reference) and generator rate (inputs the rules' generators make, no wire; the fuzz part below sends them)`);
  out('  suite                checks   seconds   checks/s   wall ms/check   CPU ms/check   generated/s');
  const suites = await loadSuites();
  const checkRates: SuiteRate[] = [];
  const fuzzRates: FuzzRate[] = [];
  for (const suite of suites) {
    const fuzz = suiteFuzzRate(suite, 100);
    const check = await suiteCheckRate(suite, runs);
    checkRates.push(check);
    fuzzRates.push(fuzz);
    const note = check.error ? `  error: ${check.error}` : check.notPassing > 0 ? `  (${check.notPassing} rules not passing)` : '';
    const wallMs = (1000 * check.seconds) / Math.max(1, check.checks);
    out(`  ${suite.name.padEnd(19)} ${String(check.checks).padStart(7)}   ${fixed(check.seconds, 1).padStart(7)}   ${fixed(check.checksPerSecond, 0).padStart(8)}   ${fixed(wallMs, 2).padStart(13)}   ${fixed(check.cpuMsPerCheck, 2).padStart(12)}   ${fixed(fuzz.generatedPerSecond, 0).padStart(11)}${note}`);
  }
  out(`\nsustained rate: only the rules marked concurrent (independent runs against static data), ${sustained.runs} inputs each,`);
  out(`--concurrency ${sustained.concurrency} --batch ${sustained.batch}, the reference spawned in its own process (rfcheck serve); an exchange is a query or`);
  out(`request whose answer a passing check verified (a rule that fails or errs is flagged); ${sustained.rounds} rounds, the suites alternating, the median round shown`);
  out('  suite                rules    checks   checks/s   exchanges   seconds   exchanges/s   CPU µs/exchange: harness  reference');
  const measured = suites.filter((s) => throughputSuites.includes(s.name));
  const roundsOf = new Map<string, ConcurrentRate[]>(measured.map((suite) => [suite.name, []]));
  for (let round = 0; round < sustained.rounds; round += 1) {
    for (const suite of measured) roundsOf.get(suite.name)?.push(await concurrentCheckRateInChild(suite, sustained.runs, sustained.concurrency, sustained.batch));
  }
  const concurrentRates = measured.map((suite) => medianRound(roundsOf.get(suite.name) ?? []));
  for (const rate of concurrentRates) {
    const note = rate.error ? `  error: ${rate.error}` : rate.notPassing > 0 ? `  (${rate.notPassing} rules not passing)` : '';
    const perExchange = (msPerCheck: number | undefined): string => (msPerCheck === undefined ? '—' : fixed((msPerCheck * 1000 * rate.checks) / Math.max(1, rate.exchanges), 0));
    out(`  ${rate.suite.padEnd(19)} ${String(rate.rules).padStart(5)}   ${String(rate.checks).padStart(7)}   ${fixed(rate.checksPerSecond, 0).padStart(8)}   ${String(rate.exchanges).padStart(9)}   ${fixed(rate.seconds, 1).padStart(7)}   ${fixed(rate.exchangesPerSecond, 0).padStart(11)}   ${perExchange(rate.cpuMsPerCheck).padStart(24)}  ${perExchange(rate.targetCpuMsPerCheck).padStart(9)}${note}`);
    out(`    rounds: ${(rate.rounds ?? []).map((r) => fixed(r, 0)).join(', ')} exchanges/s`);
  }
  return { checkRates, concurrentRates, fuzzRates };
}

async function fuzzPart(seconds: number): Promise<FuzzExecRate[]> {
  out(`\nfuzz rate: rfcheck fuzz against each reference, spawned (mutated inputs sent and judged per second), ${seconds} s each after the seed corpus, seed 1, --concurrency 32`);
  return measureFuzzRates(await loadSuites(), { seconds, seed: 1, concurrency: 32 }, (line) => out(line));
}

/** The suites whose throughput the issue sets goals for. */
const throughputSuites = ['dns-auth', 'http'];
/** Lanes and inputs per run for the throughput figure: enough to keep a spawned server busy. */
const throughputConcurrency = 32;
const throughputBatch = 32;

async function serversPart(seconds: number, rounds: number): Promise<NonNullable<BenchReport['servers']>> {
  out(`\nreference servers against Debian's under the same load tool (${seconds} s each, ${rounds} alternating rounds, medians)`);
  const servers: NonNullable<BenchReport['servers']> = { notMeasured: [] };
  const compare = async (what: string, measure: () => Promise<ThroughputComparison>): Promise<ThroughputComparison | undefined> => {
    try {
      const c = await measure();
      out(`  ${c.tool}: ${c.ours} ${fixed(c.oursPerSecond, 0)}/s · ${c.theirs} ${fixed(c.theirsPerSecond, 0)}/s · ratio ${fixed(c.ratio)}`);
      if (c.rounds) out(`    rounds: ours ${c.rounds.ours.map((r) => fixed(r, 0)).join(', ')} · theirs ${c.rounds.theirs.map((r) => fixed(r, 0)).join(', ')}`);
      return c;
    } catch (error) {
      servers.notMeasured.push(`${what}: ${errorMessage(error)}`);
      return undefined;
    }
  };
  servers.http = await compare('http vs nginx', () => httpReferenceVersusNginx(seconds, rounds));
  if ((await loadSuites()).some((s) => s.name === 'dns-auth')) servers.dns = await compare('dns vs nsd', () => dnsReferenceVersusNsd(seconds, rounds));
  else servers.notMeasured.push('dns vs nsd under dnsperf: the DNS reference (suite dns-auth) has not landed');
  for (const reason of servers.notMeasured) out(`  not measured: ${reason}`);
  return servers;
}

async function startPart(): Promise<StartCost | undefined> {
  out('\nnpm start (every suite against its reference, every report format)');
  try {
    const cost = await measureNpmStart(600);
    out(`  wall ${fixed(cost.wallSeconds, 1)} s · CPU ${fixed(cost.cpuSeconds, 1)} s · peak RSS ${fixed(cost.peakRssMiB, 0)} MiB · exit ${cost.exitCode}`);
    if (cost.suites) out(`  suites (own duration, longest first): ${cost.suites.map((s) => `${s.suite} ${fixed(s.seconds, 1)} s`).join(' · ')}`);
    return cost;
  } catch (error) {
    out(`  not measured: ${errorMessage(error)}`);
    return undefined;
  }
}

function goals(report: BenchReport): GoalResult[] {
  const rate = (suite: string): number | undefined => report.checkRates?.find((r) => r.suite === suite && !r.error)?.checksPerSecond;
  const sustained = (suite: string): ConcurrentRate | undefined => report.concurrentRates?.find((r) => r.suite === suite && !r.error && r.notPassing === 0);
  const httpRecords = (report.scenarios ?? []).filter((r) => r.scenario.startsWith('http-'));
  const worstHttp = httpRecords.length > 0 ? Math.max(...httpRecords.map((r) => Math.abs(r.ratio - 1))) * 100 : undefined;
  const why = (suite: string): string => {
    if (report.concurrentRates === undefined) return 'checks part not run';
    const figure = sustained(suite);
    if (!figure) return `no passing ${suite} throughput figure in this run`;
    const whole = rate(suite);
    return `verified exchanges/s of the ${figure.rules} concurrent-safe rules, --concurrency ${figure.concurrency} --batch ${figure.batch}, reference spawned, median of ${figure.rounds?.length ?? 1} rounds (${fixed(figure.checksPerSecond, 0)} checks/s); whole suite, sequential, in-process: ${whole === undefined ? '—' : fixed(whole, 0)} checks/s`;
  };
  const median = (c: ThroughputComparison | undefined): string | undefined => (c ? `${c.ours}; median of ${c.rounds?.ours.length ?? 1} alternating rounds` : undefined);
  return [
    atLeast('DNS checked queries per second ≥ 20,000', sustained('dns-auth')?.exchangesPerSecond, 20_000, '/s', why('dns-auth')),
    atLeast('HTTP checked requests per second ≥ 5,000', sustained('http')?.exchangesPerSecond, 5_000, '/s', why('http')),
    atMost('npm start ≤ 60 s', report.npmStart?.wallSeconds, 60, 's'),
    atLeast('HTTP reference ≥ 25 % of nginx', report.servers?.http ? report.servers.http.ratio * 100 : undefined, 25, '%', median(report.servers?.http)),
    atLeast('DNS reference ≥ 25 % of nsd', report.servers?.dns ? report.servers.dns.ratio * 100 : undefined, 25, '%', median(report.servers?.dns)),
    atMost('HTTP scenarios |measured/model − 1| ≤ 5 %', worstHttp, 5, '% (worst)'),
    fuzzGoal(report.fuzzExecRates),
  ];
}


try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error instanceof UsageError ? error.message : `internal error: ${errorMessage(error)}`}\n`);
  process.exitCode = 2;
}
