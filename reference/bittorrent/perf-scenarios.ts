import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../harness/core/catalogue.ts';
import { type PerfScenario, decimalFlag, integerListFlag, stringValue } from '../../harness/perf/perf-scenario.ts';
import { type DistributionOptions, defaultDistributionOptions, runDistributionExperiment } from './distribution-experiment.ts';
import { distributionChart, distributionPerfRecords, distributionTable } from './distribution-report.ts';

/**
 * `rfcheck perf p2p`: the course's file-distribution experiment (distribution-experiment.ts) —
 * one seeding server and N reference peers with rate-limited uploads, client-server and P2P,
 * against D_cs and D_P2P. Prints the table, writes the chart as SVG.
 */

interface P2pOptions {
  experiment: Partial<DistributionOptions>;
  svg: string;
}

export const defaultChartFile = path.join(projectRoot, 'reports', 'p2p-distribution.svg');

const p2p: PerfScenario<P2pOptions> = {
  summary: 'file distribution to N peers against D_cs = max{NF/u_s, F/d_min} and D_P2P = max{F/u_s, F/d_min, NF/(u_s+Σu_i)}',
  flags: {
    peers: { type: 'string', value: 'LIST', help: `values of N, a comma list (${defaultDistributionOptions.peerCounts.join(',')})` },
    'file-kib': { type: 'string', value: 'KIB', help: `F, the file size in KiB (${defaultDistributionOptions.fileBytes / 1024})` },
    'upload-kibps': { type: 'string', value: 'KIB/S', help: `u, each peer's upload rate in KiB/s; u_s = 10u (${defaultDistributionOptions.peerUploadBytesPerSecond / 1024})` },
    svg: { type: 'string', value: 'FILE', help: 'where the chart goes (reports/p2p-distribution.svg)' },
  },
  parse(values) {
    const experiment: Partial<DistributionOptions> = {};
    const peers = integerListFlag(stringValue(values, 'peers'), 'peers', 1, 64);
    if (peers) experiment.peerCounts = peers;
    const fileKib = decimalFlag(stringValue(values, 'file-kib'), 'file-kib', 1, 64 * 1024);
    if (fileKib !== undefined) experiment.fileBytes = Math.round(fileKib * 1024);
    const upload = decimalFlag(stringValue(values, 'upload-kibps'), 'upload-kibps', 1, 100 * 1024);
    if (upload !== undefined) experiment.peerUploadBytesPerSecond = Math.round(upload * 1024);
    return { experiment, svg: stringValue(values, 'svg') ?? defaultChartFile };
  },
  async run(settings, options) {
    const experiment = { ...defaultDistributionOptions, ...options.experiment };
    const records = await runDistributionExperiment(experiment, (record) => {
      const [perf] = distributionPerfRecords([record], experiment);
      if (perf) settings.onRecord?.(perf);
    });
    settings.print?.(distributionTable(records));
    await mkdir(path.dirname(path.resolve(options.svg)), { recursive: true });
    await writeFile(options.svg, distributionChart(records, experiment));
    settings.print?.(`chart: ${options.svg}`);
    return distributionPerfRecords(records, experiment);
  },
};

export const perfScenarios: Record<string, PerfScenario> = { p2p };
