import dgram from 'node:dgram';
import path from 'node:path';
import dnsPacket, { type DecodedPacket } from 'dns-packet';
import { modelRatio, resolutionTime } from '../../harness/perf/formulas.ts';
import { symmetricLink } from '../../harness/perf/link-config.ts';
import type { RunningLink } from '../../harness/perf/running-link.ts';
import { startUdpLink } from '../../harness/perf/udp-link.ts';
import type { PerfRecord } from '../../harness/report/model.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';
import { startAuthoritativeServer } from './authoritative-server.ts';
import { courseServers } from './course-hierarchy.ts';
import { startResolverServer } from './resolver-server.ts';

/**
 * The course's DNS timing model, measured: the example hierarchy (course-hierarchy.ts: a root
 * at 127.0.0.11, the edu TLD at 127.0.0.12, dns.umass.edu at 127.0.0.13), each server a
 * reference authoritative server reached through its own emulated UDP link of a given RTT, all
 * on one high port P so that a resolver following referrals reaches them. Then:
 *   iterated   the host itself asks root, TLD and authoritative in turn: Σ hop RTTs;
 *   recursive  the host asks its local resolver across a link of RTT_c, and the resolver walks
 *              the hierarchy: RTT_c + Σ hop RTTs;
 *   cached     the same question again: the resolver answers from its cache, RTT_c.
 * The recursive model counts the hops the resolver really took (each query a server received
 * costs its RTT), so a resolver that already knows the TLD is held to the shorter walk; the
 * reference starts with an empty cache for every sample and takes exactly root, TLD, authoritative.
 */

export type HopName = 'root' | 'tld' | 'auth';

export interface HopRtts {
  /** Host ↔ local resolver. */
  client: number;
  root: number;
  tld: number;
  auth: number;
}

export interface ResolutionTimingSettings {
  /** Round-trip times in ms. */
  rttMs: HopRtts;
  samples: number;
  fixturesDir: string;
  /** A resolver under test instead of the reference; it must use the hierarchy's root on `hierarchyPort`. */
  target?: Endpoint;
  /** The port of the hierarchy (default: one the system picks); a target's configuration names it. */
  hierarchyPort?: number;
  onRecord?: (record: PerfRecord) => void;
}

/** The name the course resolves; with a target, fresh names under the zone's wildcard instead. */
export const courseName = 'gaia.cs.umass.edu';

interface TimedServer {
  hop: HopName;
  address: string;
  queries: number;
  link: RunningLink;
  close(): Promise<void>;
}

export interface TimedHierarchy {
  port: number;
  hintsFile: string;
  servers: TimedServer[];
  /** Queries each server received so far, by hop. */
  queryCounts(): Record<HopName, number>;
  close(): Promise<void>;
}

const hops: HopName[] = ['root', 'tld', 'auth'];

/** Starts the three servers on ephemeral ports and a link in front of each on address:P. */
export async function startTimedHierarchy(fixturesDir: string, rttMs: HopRtts, port = 0): Promise<TimedHierarchy> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startOnce(fixturesDir, rttMs, port);
    } catch (error) {
      // Another program may hold P on one of the other addresses: pick another port.
      if (port !== 0 || attempt >= 5 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    }
  }
}

async function startOnce(fixturesDir: string, rttMs: HopRtts, requestedPort: number): Promise<TimedHierarchy> {
  const servers: TimedServer[] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.close()));
  };
  let port = requestedPort;
  try {
    for (const [i, course] of courseServers.entries()) {
      const hop = hops[i] as HopName;
      const entry = { hop, address: course.address, queries: 0 } as TimedServer;
      const server = await startAuthoritativeServer({ host: '127.0.0.1', port: 0, fixturesDir }, {
        rewriteQuery: (query) => {
          entry.queries += 1;
          return query;
        },
      }, [path.join(fixturesDir, 'dns', ...course.zone)]);
      let link: RunningLink;
      try {
        link = await startUdpLink(server.endpoint, symmetricLink({ rttMs: rttMs[hop] }), { host: course.address, port });
      } catch (error) {
        await server.close();
        throw error;
      }
      port = link.endpoint.port;
      entry.link = link;
      entry.close = async () => {
        await link.close();
        await server.close();
      };
      servers.push(entry);
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  return {
    port,
    hintsFile: path.join(fixturesDir, 'dns', 'hierarchy', 'course.hints'),
    servers,
    queryCounts: () => Object.fromEntries(servers.map((s) => [s.hop, s.queries])) as Record<HopName, number>,
    close: closeAll,
  };
}

/** One query, timed from send to the matching answer; rejects at the deadline. */
export function timedQuery(socket: dgram.Socket, to: Endpoint, name: string, recursionDesired: boolean, timeoutMs: number): Promise<{ ms: number; answer: DecodedPacket }> {
  const id = Math.floor(Math.random() * 0x10000);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const finish = (): void => {
      clearTimeout(timer);
      socket.removeListener('message', onMessage);
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`no answer for ${name} from ${to.host}:${to.port} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (bytes: Buffer, from: dgram.RemoteInfo): void => {
      if (from.address !== to.host || from.port !== to.port || bytes.length < 12 || bytes.readUInt16BE(0) !== id) return;
      let answer: DecodedPacket;
      try {
        answer = dnsPacket.decode(bytes);
      } catch {
        return;
      }
      finish();
      resolve({ ms: performance.now() - started, answer });
    };
    socket.on('message', onMessage);
    const flags = recursionDesired ? dnsPacket.RECURSION_DESIRED : 0;
    socket.send(dnsPacket.encode({ id, type: 'query', flags, questions: [{ name, type: 'A', class: 'IN' }] }), to.port, to.host);
  });
}

/**
 * Iterated resolution by the host: ask the root, follow each referral to the address its glue
 * gives (on the hierarchy's port), until an answer. Returns the total time and the servers asked.
 */
export async function iterate(socket: dgram.Socket, hierarchy: TimedHierarchy, name: string, timeoutMs: number): Promise<{ ms: number; asked: string[] }> {
  let server: string = courseServers[0].address;
  const asked: string[] = [];
  let total = 0;
  for (let step = 0; step < 8; step++) {
    asked.push(server);
    const { ms, answer } = await timedQuery(socket, { host: server, port: hierarchy.port }, name, false, timeoutMs);
    total += ms;
    if ((answer.answers ?? []).some((r) => r.type === 'A')) return { ms: total, asked };
    const glue = (answer.additionals ?? []).find((r): r is dnsPacket.StringAnswer => r.type === 'A');
    if (!glue) throw new Error(`${server} gave neither an answer nor a referral with glue for ${name}`);
    server = glue.data;
  }
  throw new Error(`more than 8 referrals for ${name}`);
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const round = (value: number): number => Math.round(value * 1000) / 1000;

/** Measures iterated, recursive and cached resolution; the median of `samples` each. */
export async function measureResolutionTimes(settings: ResolutionTimingSettings): Promise<PerfRecord[]> {
  const rtt = settings.rttMs;
  const hierarchy = await startTimedHierarchy(settings.fixturesDir, rtt, settings.hierarchyPort);
  const socket = dgram.createSocket('udp4');
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const hopRtt = (address: string): number => rtt[hops[courseServers.findIndex((s) => s.address === address)] as HopName];
  const walkMs = rtt.client + rtt.root + rtt.tld + rtt.auth;
  const timeoutMs = 4 * walkMs + 3000;
  const params = {
    target: settings.target ? `${settings.target.host}:${settings.target.port}` : 'reference',
    rttClientMs: rtt.client,
    rttRootMs: rtt.root,
    rttTldMs: rtt.tld,
    rttAuthMs: rtt.auth,
    samples: settings.samples,
  };
  const record = (resolution: string, measured: number[], model: number[], extra: Record<string, number | string> = {}): PerfRecord => {
    const made: PerfRecord = {
      scenario: 'dns',
      params: { resolution, ...params, ...extra },
      unit: 'ms',
      measured: round(median(measured)),
      model: round(median(model)),
      ratio: round(modelRatio(median(measured), median(model))),
    };
    settings.onRecord?.(made);
    return made;
  };
  try {
    // One walk first, untimed: the first query each server and link see pays for compiling the
    // answer path and opening the link's session, which no model counts.
    await iterate(socket, hierarchy, courseName, timeoutMs);
    const iterated: number[] = [];
    const iteratedModel: number[] = [];
    for (let i = 0; i < settings.samples; i++) {
      const { ms, asked } = await iterate(socket, hierarchy, courseName, timeoutMs);
      iterated.push(ms);
      iteratedModel.push(resolutionTime(asked.map(hopRtt)));
    }
    const records = [record('iterated', iterated, iteratedModel)];

    const recursive: number[] = [];
    const recursiveModel: number[] = [];
    const cached: number[] = [];
    const upstream: number[] = [];
    for (let i = 0; i < settings.samples; i++) {
      const resolver = settings.target
        ? undefined
        : await startResolverServer({ host: '127.0.0.1', port: 0, fixturesDir: settings.fixturesDir, rootHintsFile: hierarchy.hintsFile, upstreamPort: hierarchy.port, upstreamTimeoutMs: 4 * Math.max(rtt.root, rtt.tld, rtt.auth) + 1000 });
      const local = settings.target ?? (resolver as { endpoint: Endpoint }).endpoint;
      const clientLink = await startUdpLink(local, symmetricLink({ rttMs: rtt.client }));
      // The reference starts empty, so the course's name walks the whole hierarchy; a target may
      // know it already, so it gets a fresh name under the zone's wildcard.
      const name = settings.target ? `perf-${process.pid}-${Date.now().toString(36)}-${i}.wild.umass.edu` : courseName;
      try {
        const before = hierarchy.queryCounts();
        const first = await timedQuery(socket, clientLink.endpoint, name, true, timeoutMs);
        const after = hierarchy.queryCounts();
        if (!(first.answer.answers ?? []).some((r) => r.type === 'A')) throw new Error(`the resolver gave no address for ${name} (rcode ${(first.answer.flags ?? 0) & 0x0f})`);
        const asked = hops.flatMap((hop) => Array<number>(after[hop] - before[hop]).fill(rtt[hop]));
        recursive.push(first.ms);
        recursiveModel.push(resolutionTime([rtt.client, ...asked]));
        upstream.push(asked.length);
        const again = await timedQuery(socket, clientLink.endpoint, name, true, timeoutMs);
        cached.push(again.ms);
      } finally {
        await clientLink.close();
        await resolver?.close();
      }
    }
    records.push(record('recursive', recursive, recursiveModel, { upstreamQueries: median(upstream) }));
    records.push(record('cached', cached, cached.map(() => rtt.client)));
    return records;
  } finally {
    socket.close();
    await hierarchy.close();
  }
}
