import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type DistributionOptions, defaultDistributionOptions, modelSeconds, runDistributionExperiment } from '../../../reference/bittorrent/distribution-experiment.ts';
import { distributionChart, distributionPerfRecords, distributionTable } from '../../../reference/bittorrent/distribution-report.ts';

// A tiny swarm: F = 64 KiB in four pieces of 16 KiB, u = 128 KiB/s (F/u = 0.5 s), u_s = 1.25 MiB/s.
const tiny: Partial<DistributionOptions> = { fileBytes: 64 * 1024, pieceLength: 16 * 1024, peerUploadBytesPerSecond: 128 * 1024, peerCounts: [1, 2] };

describe('file-distribution experiment', () => {
  it('the model gives the course values (F/u = 1, u_s = 10u, d_min = u_s)', () => {
    const hour = { ...defaultDistributionOptions, fileBytes: 3600, peerUploadBytesPerSecond: 1 };
    expect(modelSeconds('client-server', 30, hour) / 3600).toBeCloseTo(3, 6);
    expect(modelSeconds('p2p', 30, hour) / 3600).toBeCloseTo(30 / 40, 6);
    expect(modelSeconds('p2p', 1, hour) / 3600).toBeCloseTo(0.1, 6);
  });

  it('measures both modes with real transfers; records, table and chart carry the formula’s model', async () => {
    const records = await runDistributionExperiment(tiny);
    expect(records.map((r) => [r.mode, r.peers])).toEqual([
      ['client-server', 1],
      ['p2p', 1],
      ['client-server', 2],
      ['p2p', 2],
    ]);
    // D_cs = max{N·F/u_s, F/d_min} and D_P2P = max{F/u_s, F/d_min, N·F/(u_s + N·u)}, with d_min = u_s, worked by hand
    const F = 64 * 1024;
    const u = 128 * 1024;
    const us = 10 * u;
    const expected: Record<string, number> = {
      'client-server 1': Math.max(F / us, F / us),
      'p2p 1': Math.max(F / us, F / us, F / (us + u)),
      'client-server 2': Math.max((2 * F) / us, F / us),
      'p2p 2': Math.max(F / us, F / us, (2 * F) / (us + 2 * u)),
    };
    for (const record of records) {
      expect(record.modelSeconds).toBeCloseTo(expected[`${record.mode} ${record.peers}`] as number, 9);
      expect(record.measuredSeconds).toBeGreaterThan(0);
      expect(record.ratio).toBeCloseTo(record.measuredSeconds / record.modelSeconds, 9);
      expect(record.loopDelayMs.p99).toBeGreaterThanOrEqual(record.loopDelayMs.p50);
    }
    const options = { ...defaultDistributionOptions, ...tiny };
    expect(distributionTable(records)).toMatch(/^ {2}2 +0\.100 +0\.083 /m);
    const svg = distributionChart(records, options);
    execFileSync('xmllint', ['--noout', '-'], { input: svg });
    expect(svg.match(/<polyline /g)).toHaveLength(4);
    const perf = distributionPerfRecords(records, options);
    expect(perf[3]).toMatchObject({ scenario: 'p2p', unit: 's', params: { mode: 'p2p', N: 2, F, u, us } });
    expect(perf[3]?.model).toBeCloseTo(expected['p2p 2'] as number, 4);
  });
});
