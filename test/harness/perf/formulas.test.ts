import { describe, expect, it } from 'vitest';
import {
  accessLinkUtilisation,
  cacheMeanDelay,
  clientServerDistributionTime,
  fifoLinkDelays,
  modelRatio,
  nonPersistentPageTime,
  p2pDistributionTime,
  parallelPageTime,
  persistentPageTime,
  pipelinedPageTime,
  queueingDelay,
  resolutionTime,
  trafficIntensity,
  transmissionDelay,
} from '../../../harness/perf/formulas.ts';
import { poissonArrivals } from '../../../harness/perf/poisson-schedule.ts';

// A page with RTT 100 ms, a 10 Mbit/s link, a 12,500-byte base page (10 ms on the link) and
// three 125,000-byte objects (100 ms each).
const page = { rttS: 0.1, rateBps: 10e6, baseBytes: 12_500, objectBytes: [125_000, 125_000, 125_000] };

describe('transmission and HTTP page models', () => {
  it('L/R converts bytes to bits', () => {
    expect(transmissionDelay(1_000_000 / 8, 1e6)).toBeCloseTo(1, 12);
  });

  it('non-persistent: 2·RTT + L/R for every object, the base page included', () => {
    // 0.2 + 0.01, then 3 × (0.2 + 0.1)
    expect(nonPersistentPageTime(page)).toBeCloseTo(0.21 + 0.9, 12);
  });

  it('persistent: one handshake, then RTT + L/R per object', () => {
    // 0.1 + (0.1 + 0.01) + 3 × (0.1 + 0.1)
    expect(persistentPageTime(page)).toBeCloseTo(0.1 + 0.11 + 0.6, 12);
  });

  it('pipelined: the base page, then one RTT for all the objects', () => {
    expect(pipelinedPageTime(page)).toBeCloseTo(0.21 + 0.1 + 0.3, 12);
    expect(pipelinedPageTime({ ...page, objectBytes: [] })).toBeCloseTo(0.21, 12);
  });

  it('parallel: waves of k connections share the link', () => {
    // k = 2: waves of 2 and 1 objects: (0.2 + 0.2) + (0.2 + 0.1)
    expect(parallelPageTime(page, 2)).toBeCloseTo(0.21 + 0.4 + 0.3, 12);
    // k = 1 is non-persistent HTTP
    expect(parallelPageTime(page, 1)).toBeCloseTo(nonPersistentPageTime(page), 12);
    expect(() => parallelPageTime(page, 0)).toThrow(RangeError);
  });
});

describe('queueing', () => {
  it('La/R', () => {
    expect(trafficIntensity(1000, 500, 1e6)).toBeCloseTo(0.5, 12);
  });

  it('M/D/1 wait grows without bound as La/R approaches 1', () => {
    expect(queueingDelay(0, 0.01)).toBe(0);
    expect(queueingDelay(0.5, 0.01)).toBeCloseTo(0.005, 12);
    expect(queueingDelay(0.9, 0.01)).toBeCloseTo(0.045, 12);
    expect(queueingDelay(1, 0.01)).toBe(Number.POSITIVE_INFINITY);
  });

  it('an ideal FIFO link: a packet waits for the ones still being sent ahead of it', () => {
    // 2 ms each; arrivals at 0, 1, 1.5 queue behind each other; 10 finds the link idle
    expect([...fifoLinkDelays([0, 1, 1.5, 10], 2)]).toEqual([2, 3, 4.5, 2]);
    expect(fifoLinkDelays([], 2)).toHaveLength(0);
  });

  it('an ideal FIFO link, over many Poisson arrivals, averages close to the M/D/1 mean', () => {
    // ρ = 0.5 with 1 ms packets: model 1 + 0.5 = 1.5 ms
    const arrivals = poissonArrivals(200_000, 500, 7);
    const delays = fifoLinkDelays(arrivals, 1);
    const mean = delays.reduce((sum, d) => sum + d, 0) / delays.length;
    expect(mean).toBeCloseTo(1 + queueingDelay(0.5, 1), 1);
  });
});

describe('the institutional network with a web cache (the textbook example)', () => {
  // 15 requests/s for 1 Mbit objects over a 15 Mbit/s access link, Internet delay 2 s.
  it('without a cache the access link is fully used', () => {
    expect(accessLinkUtilisation(0, 15, 1e6, 15e6)).toBeCloseTo(1, 12);
  });

  it('a 0.4 hit rate brings it to 0.6 and the mean delay to just over 1.2 s', () => {
    expect(accessLinkUtilisation(0.4, 15, 1e6, 15e6)).toBeCloseTo(0.6, 12);
    // hits: ~10 ms on the LAN; misses: 2 s Internet delay plus ~10 ms on the access link
    expect(cacheMeanDelay(0.4, 0.01, 2.01)).toBeCloseTo(0.4 * 0.01 + 0.6 * 2.01, 12);
    expect(cacheMeanDelay(0.4, 0.01, 2.01)).toBeGreaterThan(1.2);
  });
});

describe('file distribution', () => {
  // F = 15 Gbit, u_s = 30 Mbit/s, d_min = 2 Mbit/s, N = 10 peers uploading 300 kbit/s each.
  const F = 15e9;
  it('client-server is bound by the slowest download here', () => {
    expect(clientServerDistributionTime(10, F, 30e6, 2e6)).toBeCloseTo(7500, 9);
    expect(clientServerDistributionTime(100, F, 30e6, 2e6)).toBeCloseTo(50_000, 9);
  });

  it('P2P takes the largest of the three bounds', () => {
    expect(p2pDistributionTime(F, 30e6, 2e6, Array(10).fill(300e3))).toBeCloseTo(7500, 9);
    // with fast downloads the aggregate upload bound wins: N·F/(u_s + N·u)
    expect(p2pDistributionTime(F, 30e6, 1e9, Array(10).fill(300e3))).toBeCloseTo((10 * F) / 33e6, 6);
  });
});

describe('DNS and ratios', () => {
  it('resolution time is the sum of the hop RTTs', () => {
    expect(resolutionTime([0.001, 0.02, 0.03, 0.04])).toBeCloseTo(0.091, 12);
    expect(resolutionTime([])).toBe(0);
  });

  it('measured / model', () => {
    expect(modelRatio(1.05, 1)).toBeCloseTo(1.05, 12);
    expect(modelRatio(0, 0)).toBe(1);
  });
});
