import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, errorMessage } from '../harness/core/errors.ts';
import {
  type DistributionRecord,
  defaultDistributionOptions,
  runDistributionExperiment,
} from '../reference/bittorrent/distribution-experiment.ts';

/**
 * The course's file-distribution table and chart, measured (`rfcheck perf p2p` runs this):
 *   tsx bench/p2p-distribution.ts [--peers 1,2,4,8,16,32] [--svg FILE] [--json FILE]
 * Prints N, model and measured seconds for client-server and P2P; writes the chart as SVG and
 * the records as perf records (measured, model, ratio) in JSON.
 */

export interface PerfRecord {
  scenario: string;
  params: Record<string, number | string>;
  unit: 's';
  measured: number;
  model: number;
  ratio: number;
}

/** The records in the JSON report's perf format. */
export function distributionPerfRecords(records: DistributionRecord[]): PerfRecord[] {
  const options = defaultDistributionOptions;
  return records.map((record) => ({
    scenario: `p2p-distribution/${record.mode}`,
    params: { N: record.peers, F: options.fileBytes, u: options.peerUploadBytesPerSecond, us: options.peerUploadBytesPerSecond * options.serverFactor },
    unit: 's',
    measured: record.measuredSeconds,
    model: record.modelSeconds,
    ratio: record.ratio,
  }));
}

export function distributionTable(records: DistributionRecord[]): string {
  const peers = [...new Set(records.map((r) => r.peers))];
  const find = (mode: DistributionRecord['mode'], n: number): DistributionRecord | undefined => records.find((r) => r.mode === mode && r.peers === n);
  const rows = peers.map((n) => {
    const cs = find('client-server', n);
    const p2p = find('p2p', n);
    const cell = (value: number | undefined): string => (value === undefined ? '-' : value.toFixed(3)).padStart(10);
    return `${String(n).padStart(3)} ${cell(cs?.modelSeconds)} ${cell(p2p?.modelSeconds)} ${cell(cs?.measuredSeconds)} ${cell(p2p?.measuredSeconds)} ${cell(cs?.ratio)} ${cell(p2p?.ratio)}`;
  });
  return [`  N   model cs  model p2p  meas. cs meas. p2p  ratio cs  ratio p2p   (seconds)`, ...rows].join('\n');
}

/** A line chart of the four series against N, in plain SVG. */
export function distributionChart(records: DistributionRecord[]): string {
  const width = 640;
  const height = 400;
  const margin = 50;
  const peers = [...new Set(records.map((r) => r.peers))];
  const maxN = Math.max(...peers);
  const maxY = Math.max(...records.flatMap((r) => [r.modelSeconds, r.measuredSeconds])) * 1.1;
  const x = (n: number): number => margin + ((n - 0) / maxN) * (width - 2 * margin);
  const y = (s: number): number => height - margin - (s / maxY) * (height - 2 * margin);
  const series = [
    { label: 'model client-server', mode: 'client-server', value: (r: DistributionRecord) => r.modelSeconds, color: '#d62728', dash: '6 4' },
    { label: 'model P2P', mode: 'p2p', value: (r: DistributionRecord) => r.modelSeconds, color: '#1f77b4', dash: '6 4' },
    { label: 'measured client-server', mode: 'client-server', value: (r: DistributionRecord) => r.measuredSeconds, color: '#d62728', dash: '' },
    { label: 'measured P2P', mode: 'p2p', value: (r: DistributionRecord) => r.measuredSeconds, color: '#1f77b4', dash: '' },
  ] as const;
  const lines = series.map((s, i) => {
    const points = records.filter((r) => r.mode === s.mode).map((r) => `${x(r.peers).toFixed(1)},${y(s.value(r)).toFixed(1)}`).join(' ');
    const legendY = margin + i * 18;
    return [
      `<polyline fill="none" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}" points="${points}"/>`,
      `<line x1="${width - 230}" y1="${legendY}" x2="${width - 200}" y2="${legendY}" stroke="${s.color}" stroke-width="2" stroke-dasharray="${s.dash}"/>`,
      `<text x="${width - 195}" y="${legendY + 4}" font-size="12">${s.label}</text>`,
    ].join('\n');
  });
  const ticks = peers.map((n) => `<text x="${x(n).toFixed(1)}" y="${height - margin + 16}" font-size="11" text-anchor="middle">${n}</text>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<line x1="${margin}" y1="${height - margin}" x2="${width - margin}" y2="${height - margin}" stroke="black"/>`,
    `<line x1="${margin}" y1="${margin}" x2="${margin}" y2="${height - margin}" stroke="black"/>`,
    `<text x="${width / 2}" y="${height - 10}" font-size="12" text-anchor="middle">N (peers)</text>`,
    `<text x="14" y="${height / 2}" font-size="12" transform="rotate(-90 14 ${height / 2})" text-anchor="middle">minimum distribution time (s)</text>`,
    `<text x="${margin - 6}" y="${y(maxY / 1.1).toFixed(1)}" font-size="11" text-anchor="end">${(maxY / 1.1).toFixed(2)}</text>`,
    ...ticks,
    ...lines,
    '</svg>',
  ].join('\n');
}

function parseFlags(argv: string[]): { peers: number[]; svg: string; json: string } {
  const flags = { peers: defaultDistributionOptions.peerCounts, svg: 'reports/p2p-distribution.svg', json: 'reports/p2p-distribution.json' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === '--peers') {
      const peers = value.split(',').map(Number);
      if (peers.some((n) => !Number.isInteger(n) || n < 1 || n > 64)) throw new UsageError(`--peers '${value}' must be a comma list of integers from 1 to 64`);
      flags.peers = peers;
    } else if (flag === '--svg') flags.svg = value;
    else if (flag === '--json') flags.json = value;
    else throw new UsageError(`unknown flag ${flag} (use --peers LIST, --svg FILE, --json FILE)`);
  }
  return flags;
}

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv);
  const records = await runDistributionExperiment({ peerCounts: flags.peers });
  process.stdout.write(`${distributionTable(records)}\n`);
  for (const [file, text] of [
    [flags.svg, distributionChart(records)],
    [flags.json, JSON.stringify({ perf: distributionPerfRecords(records) }, null, 2)],
  ] as const) {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, `${text}\n`);
  }
  process.stdout.write(`chart: ${flags.svg}\nrecords: ${flags.json}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${errorMessage(error)}\n`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
