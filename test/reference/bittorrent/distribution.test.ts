import { describe, expect, it } from 'vitest';
import { defaultDistributionOptions, modelSeconds, runDistributionExperiment } from '../../../reference/bittorrent/distribution-experiment.ts';
import { distributionChart, distributionPerfRecords, distributionTable } from '../../../reference/bittorrent/distribution-report.ts';

describe('file-distribution experiment', () => {
  it('the model gives the course values (F/u = 1, u_s = 10u, d_min = u_s)', () => {
    const hour = { ...defaultDistributionOptions, fileBytes: 3600, peerUploadBytesPerSecond: 1 };
    expect(modelSeconds('client-server', 30, hour) / 3600).toBeCloseTo(3, 6);
    expect(modelSeconds('p2p', 30, hour) / 3600).toBeCloseTo(30 / 40, 6);
    expect(modelSeconds('p2p', 1, hour) / 3600).toBeCloseTo(0.1, 6);
  });

  it('measures both modes with real transfers and reports ratio = measured / model', async () => {
    const records = await runDistributionExperiment({ peerCounts: [2] });
    expect(records.map((r) => [r.mode, r.peers])).toEqual([
      ['client-server', 2],
      ['p2p', 2],
    ]);
    for (const record of records) {
      expect(record.measuredSeconds).toBeGreaterThan(0);
      expect(record.ratio).toBeCloseTo(record.measuredSeconds / record.modelSeconds, 9);
    }
    expect(distributionTable(records)).toMatch(/^ {2}2 +0\.200 +0\.167 /m);
    expect(distributionChart(records, defaultDistributionOptions)).toMatch(/^<svg[\s\S]*<polyline[\s\S]*<\/svg>\n$/);
    expect(distributionPerfRecords(records, defaultDistributionOptions)[1]).toMatchObject({ scenario: 'p2p', unit: 's', params: { mode: 'p2p', N: 2 } });
  });
});
