import dnsPacket from 'dns-packet';
import dgram from 'node:dgram';
import { modelRatio, resolutionTime } from '../../harness/perf/formulas.ts';
import { symmetricLink } from '../../harness/perf/link-config.ts';
import { startUdpLink } from '../../harness/perf/udp-link.ts';
import type { PerfRecord } from '../../harness/report/model.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';
import { acquireMachineLock } from '../../harness/runner/machine-lock.ts';
import { FakeHierarchy, hierarchyLock } from '../../specs/dns/fake-hierarchy.ts';
import { a, freshZones } from '../../specs/dns/resolver-scenario.ts';
import { startResolverServer } from './resolver-server.ts';

/**
 * The course's DNS timing model against the reference resolver: a host asks its local resolver
 * across a link of RTT r (the harness's UDP link emulator); the resolver walks root → TLD →
 * authoritative, each of which answers r later (the fake hierarchy's per-server delay). A fresh
 * name should cost the sum of the four hop RTTs (4r); a cached one, the host's hop alone (r).
 * Not a test: `npx tsx bench/dns-resolution.ts` prints the records.
 */

export interface ResolutionPerfSettings {
  hopRttMs: number;
  samples: number;
  fixturesDir: string;
}

/** One query from the host, timed from send to answer (with a deadline). */
function timedQuery(socket: dgram.Socket, to: Endpoint, name: string, id: number, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const timer = setTimeout(() => {
      socket.removeListener('message', onMessage);
      reject(new Error(`no answer for ${name} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (bytes: Buffer): void => {
      if (bytes.length < 2 || bytes.readUInt16BE(0) !== id) return;
      clearTimeout(timer);
      socket.removeListener('message', onMessage);
      resolve(performance.now() - started);
    };
    socket.on('message', onMessage);
    socket.send(dnsPacket.encode({ id, type: 'query', flags: dnsPacket.RECURSION_DESIRED, questions: [{ name, type: 'A', class: 'IN' }] }), to.port, to.host);
  });
}

const mean = (values: number[]): number => values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);

export async function measureResolution(settings: ResolutionPerfSettings): Promise<PerfRecord[]> {
  const release = await acquireMachineLock(hierarchyLock, 15 * 60_000);
  try {
    return await measureWithHierarchy(settings);
  } finally {
    await release();
  }
}

async function measureWithHierarchy(settings: ResolutionPerfSettings): Promise<PerfRecord[]> {
  // Each sample is a name under a TLD of its own, so each walk starts at the root.
  const fresh = Array.from({ length: settings.samples }, (_, i) => freshZones(i));
  const names = fresh.map(({ zone }) => `host.${zone}`);
  const zones = Object.fromEntries(fresh.map(({ zone }, i) => [zone, [a(`host.${zone}`, `10.53.9.${(i % 250) + 1}`, 3600)]]));
  const r = settings.hopRttMs;
  const hierarchy = await FakeHierarchy.start({ tld: fresh[0]?.tld ?? 'invalid', zones, negativeTtl: 30, delayMs: { root: r, tld: r, auth: r } });
  const resolver = await startResolverServer({ host: '127.0.0.1', port: 0, fixturesDir: settings.fixturesDir, upstreamTimeoutMs: 10 * r + 500 });
  const link = await startUdpLink(resolver.endpoint, symmetricLink({ rttMs: r }));
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    const iterated: number[] = [];
    const cached: number[] = [];
    let id = 1;
    for (const name of names) {
      iterated.push(await timedQuery(socket, link.endpoint, name, id++, 20 * r + 2000));
      cached.push(await timedQuery(socket, link.endpoint, name, id++, 10 * r + 2000));
    }
    const iteratedModel = resolutionTime([r, r, r, r].map((ms) => ms / 1000)) * 1000;
    const cachedModel = resolutionTime([r / 1000]) * 1000;
    const params = { hopRttMs: r, samples: settings.samples };
    return [
      { scenario: 'dns-iterated', params: params, unit: 'ms', measured: mean(iterated), model: iteratedModel, ratio: modelRatio(mean(iterated), iteratedModel) },
      { scenario: 'dns-cached', params: params, unit: 'ms', measured: mean(cached), model: cachedModel, ratio: modelRatio(mean(cached), cachedModel) },
    ];
  } finally {
    socket.close();
    await link.close();
    await resolver.close();
    await hierarchy.close();
  }
}
