import { lineChartSvg } from '../../harness/perf/line-chart.ts';
import type { PerfRecord } from '../../harness/report/model.ts';
import type { DistributionOptions, DistributionRecord } from './distribution-experiment.ts';

/**
 * How the file-distribution experiment is shown: perf records (the JSON report's `perf`), the
 * course's table (N, model and measured client-server and P2P times, ratios) and its chart.
 */

const round = (value: number): number => Math.round(value * 10_000) / 10_000;

/** The records in the JSON report's perf format: scenario p2p, the mode and N among the params. */
export function distributionPerfRecords(records: DistributionRecord[], options: DistributionOptions): PerfRecord[] {
  return records.map((record) => ({
    scenario: 'p2p',
    params: {
      mode: record.mode,
      N: record.peers,
      F: options.fileBytes,
      u: options.peerUploadBytesPerSecond,
      us: options.peerUploadBytesPerSecond * options.serverFactor,
    },
    unit: 's',
    measured: round(record.measuredSeconds),
    model: round(record.modelSeconds),
    ratio: round(record.ratio),
  }));
}

export function distributionTable(records: DistributionRecord[]): string {
  const peers = [...new Set(records.map((r) => r.peers))];
  const find = (mode: DistributionRecord['mode'], n: number): DistributionRecord | undefined => records.find((r) => r.mode === mode && r.peers === n);
  const rows = peers.map((n) => {
    const cs = find('client-server', n);
    const p2p = find('p2p', n);
    const cell = (value: number | undefined): string => (value === undefined ? '-' : value.toFixed(3)).padStart(10);
    const lag = (record: DistributionRecord | undefined): string => (record ? `${record.loopDelayMs.p50}/${record.loopDelayMs.p99}` : '-').padStart(12);
    return `${String(n).padStart(3)} ${cell(cs?.modelSeconds)} ${cell(p2p?.modelSeconds)} ${cell(cs?.measuredSeconds)} ${cell(p2p?.measuredSeconds)} ${cell(cs?.ratio)} ${cell(p2p?.ratio)} ${lag(cs)} ${lag(p2p)}`;
  });
  return [
    `  N   model cs  model p2p  meas. cs meas. p2p  ratio cs  ratio p2p   (seconds; event-loop delay p50/p99 ms, cs and p2p)`,
    ...rows,
  ].join('\n');
}

/** The course's chart: minimum distribution time against N, model dashed, measured solid. */
export function distributionChart(records: DistributionRecord[], options: DistributionOptions): string {
  const series = (mode: DistributionRecord['mode'], value: (r: DistributionRecord) => number): [number, number][] =>
    records.filter((r) => r.mode === mode).map((r) => [r.peers, value(r)]);
  const hour = options.fileBytes / options.peerUploadBytesPerSecond;
  return lineChartSvg({
    title: `File distribution: F/u = ${round(hour)} s, u_s = ${options.serverFactor}u, d_min ≥ u_s`,
    xLabel: 'N (peers)',
    yLabel: 'minimum distribution time (s)',
    series: [
      { label: 'model client-server', color: '#d62728', dashed: true, points: series('client-server', (r) => r.modelSeconds) },
      { label: 'model P2P', color: '#1f77b4', dashed: true, points: series('p2p', (r) => r.modelSeconds) },
      { label: 'measured client-server', color: '#d62728', points: series('client-server', (r) => r.measuredSeconds) },
      { label: 'measured P2P', color: '#1f77b4', points: series('p2p', (r) => r.measuredSeconds) },
    ],
  });
}
