import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../harness/core/errors.ts';
import { nonPersistentPageTime, pipelinedPageTime } from '../../../harness/perf/formulas.ts';
import { measureHttpScenario } from '../../../harness/perf/http-scenarios.ts';
import { startPerfOrigin } from '../../../harness/perf/perf-origin.ts';
import { measureQueueing } from '../../../harness/perf/queueing-scenario.ts';
import { planRequests, measureWebCache } from '../../../harness/perf/web-cache-scenario.ts';
import type { Endpoint } from '../../../harness/wire/limits.ts';
import { scriptedServer } from '../../support/scripted-server.ts';

let origin: { endpoint: Endpoint; close: () => Promise<void> };
beforeAll(async () => {
  origin = await startPerfOrigin();
});
afterAll(() => origin.close());

// Small, fast settings: these tests check what is fetched and which formula is applied; how
// close the figures come is the benchmark's business.
const small = { rttMs: 4, rateMbps: 100, objects: 3, objectBytes: 2000, parallel: 2 };

describe('the HTTP scenarios', () => {
  it('fetch the page and set the time beside the formula of the bytes carried', async () => {
    for (const name of ['http-nonpersistent', 'http-persistent', 'http-pipelined', 'http-parallel']) {
      const record = await measureHttpScenario(name, origin.endpoint, small, 'perf-origin');
      expect(record).toMatchObject({ scenario: name, unit: 's', params: { target: 'perf-origin', objects: 3, size: 2000 } });
      expect(record.measured).toBeGreaterThan(0);
      // measured and model are rounded to 0.1 ms in the record; the ratio is not
      expect(Math.abs(record.ratio / (record.measured / record.model) - 1)).toBeLessThan(0.01);
    }
  });

  it('use the right formula: pipelining saves round trips over non-persistent connections', async () => {
    const non = await measureHttpScenario('http-nonpersistent', origin.endpoint, small, 'o');
    const pipe = await measureHttpScenario('http-pipelined', origin.endpoint, small, 'o');
    // Same bytes, so the models differ by exactly the formulas' round trips.
    const page = { rttS: 0.004, rateBps: 100e6, baseBytes: 0, objectBytes: [0, 0, 0] };
    expect(non.model - pipe.model).toBeCloseTo(nonPersistentPageTime(page) - pipelinedPageTime(page), 3);
  });

  it('refuse a target that does not serve the perf paths, in one line', async () => {
    const server = await scriptedServer((socket) => socket.on('data', () => socket.write('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n')));
    try {
      await expect(measureHttpScenario('http-persistent', { host: '127.0.0.1', port: server.port }, small, 't')).rejects.toBeInstanceOf(UsageError);
    } finally {
      await server.close();
    }
  });
});

describe('the queueing scenario', () => {
  it('sends Poisson traffic at the asked intensity and measures at least the transmission time', async () => {
    // 1250 bytes at 10 Mbit/s: 1 ms per packet
    const [record] = await measureQueueing({ rateMbps: 10, packetBytes: 1250, packets: 40, intensities: [0.5], seed: 3 });
    expect(record).toMatchObject({ scenario: 'queueing', unit: 'ms', params: { intensity: 0.5, received: 36 } });
    expect(record?.model).toBeCloseTo(1.5, 9); // 1 ms + 0.5·1/(2·0.5)
    expect(record?.measured).toBeGreaterThanOrEqual(1 - 0.5);
    // the ideal FIFO link's mean for these very send times: at least one packet time each
    expect(record?.params['fifoMs']).toBeGreaterThanOrEqual(1);
    expect(record?.params['linkRatio']).toBeCloseTo((record?.measured ?? 0) / Number(record?.params['fifoMs']), 2);
  });
});

describe('the web-cache scenario', () => {
  const settings = { rttMs: 4, rateMbps: 50, objectBytes: 5000, requestsPerSecond: 200, hitRate: 0.5, requests: 60, seed: 5 };

  it('plans hits only on objects asked for long enough ago, repeatably', () => {
    const plan = planRequests(settings, 50);
    expect(planRequests(settings, 50)).toEqual(plan);
    const firstAsked = new Map<number, number>();
    for (const request of plan) {
      if (request.hit) expect(request.atMs - (firstAsked.get(request.object) ?? Infinity)).toBeGreaterThanOrEqual(50);
      else firstAsked.set(request.object, request.atMs);
    }
    const hits = plan.filter((r) => r.hit).length;
    expect(hits).toBeGreaterThan(10);
    expect(hits).toBeLessThan(45);
  });

  it('serves the planned hits from the cache and reports utilisation and delay', async () => {
    const [utilisation, delay] = await measureWebCache(origin.endpoint, settings, 'perf-origin');
    const plannedHits = planRequests(settings, 1_000).filter((r) => r.hit).length;
    expect(utilisation?.params.cacheHits).toBe(plannedHits);
    expect(utilisation?.params.measure).toBe('access-link utilisation');
    expect(delay?.unit).toBe('s');
    expect(utilisation?.measured).toBeGreaterThan(0);
  });
});
