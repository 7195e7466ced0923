import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { startResolverServer } from '../../../reference/dns/resolver-server.ts';
import { courseName, iterate, measureResolutionTimes, startTimedHierarchy } from '../../../reference/dns/resolution-timing.ts';

// Distinct RTTs per hop, so a model that summed the wrong hops would show. Small, so the test is quick.
const rttMs = { client: 2, root: 4, tld: 6, auth: 8 };

describe('DNS resolution timing (rfcheck perf dns)', () => {
  it('plays root, TLD and authoritative behind links on one port; the host can walk them itself', async () => {
    const hierarchy = await startTimedHierarchy(fixturesDir, rttMs);
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    try {
      expect(hierarchy.servers.map((s) => s.link.endpoint)).toEqual(['127.0.0.11', '127.0.0.12', '127.0.0.13'].map((host) => ({ host, port: hierarchy.port })));
      const walk = await iterate(socket, hierarchy, courseName, 5000);
      expect(walk.asked).toEqual(['127.0.0.11', '127.0.0.12', '127.0.0.13']);
      expect(hierarchy.queryCounts()).toEqual({ root: 1, tld: 1, auth: 1 });
      expect(walk.ms).toBeGreaterThan(0);
    } finally {
      socket.close();
      await hierarchy.close();
    }
  });

  it('measures iterated, recursive and cached against the sum of the hop RTTs (the reference resolver)', async () => {
    const records = await measureResolutionTimes({ rttMs, samples: 1, fixturesDir });
    expect(records.map((r) => r.params.resolution)).toEqual(['iterated', 'recursive', 'cached']);
    const [iterated, recursive, cached] = records;
    expect(iterated?.model).toBe(4 + 6 + 8);
    expect(recursive?.model).toBe(2 + 4 + 6 + 8);
    expect(recursive?.params.upstreamQueries).toBe(3);
    expect(cached?.model).toBe(2);
    for (const record of records) {
      expect(record).toMatchObject({ scenario: 'dns', unit: 'ms', params: { target: 'reference', rttClientMs: 2, rttRootMs: 4, rttTldMs: 6, rttAuthMs: 8, samples: 1 } });
      expect(record.measured).toBeGreaterThan(0);
      expect(record.ratio).toBeCloseTo(record.measured / record.model, 2);
    }
  });

  it('holds a resolver under test (--target) to the hops it really took', async () => {
    // The hierarchy's port must be known before the resolver starts: try a few high ports.
    let records;
    for (let attempt = 0; !records; attempt++) {
      const port = 20_000 + ((process.pid * 7 + attempt * 131) % 20_000);
      const resolver = await startResolverServer({ host: '127.0.0.1', port: 0, fixturesDir, rootHintsFile: `${fixturesDir}/dns/hierarchy/course.hints`, upstreamPort: port, upstreamTimeoutMs: 2000 });
      try {
        records = await measureResolutionTimes({ rttMs, samples: 2, fixturesDir, target: resolver.endpoint, hierarchyPort: port });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw error;
      } finally {
        await resolver.close();
      }
    }
    const recursive = records.find((r) => r.params.resolution === 'recursive');
    // First name: root, TLD and authoritative; second (a fresh name in the same zone): the
    // delegation is cached, so the authoritative alone. The model is the median of the two.
    expect(recursive?.model).toBeCloseTo(((2 + 4 + 6 + 8) + (2 + 8)) / 2, 9);
    expect(recursive?.params.target).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(records.find((r) => r.params.resolution === 'cached')?.model).toBe(2);
  });
});
