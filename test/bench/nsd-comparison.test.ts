import { describe, expect, it } from 'vitest';
import { parseDnsQps } from '../../bench/nsd-comparison.ts';

describe("bench/dns-qps.sh's figures", () => {
  it('become a reference-against-nsd comparison', () => {
    const output = 'nsd:       40000.5 queries/s (0 lost)\nreference: 10000.25 queries/s (3 lost)\nratio reference/nsd: 0.250\n';
    expect(parseDnsQps(output)).toMatchObject({ oursPerSecond: 10000.25, theirsPerSecond: 40000.5, ratio: 10000.25 / 40000.5 });
  });

  it('are required', () => {
    expect(() => parseDnsQps('missing /usr/sbin/nsd')).toThrow(/no 'reference' figure/);
  });
});
