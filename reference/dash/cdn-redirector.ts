import dgram from 'node:dgram';
import dnsPacket, { type Packet } from 'dns-packet';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { closestNode, type CdnNode, type CdnTopology, inPrefix, readTopology } from '../../specs/dash/cdn-topology.ts';
import { fixturePresentation, readFixtureDescription } from '../../specs/dash/fixture-presentation.ts';
import { listenDashSite } from './media-site.ts';

/**
 * The reference CDN: a DNS redirector on UDP {host}:{port} that answers the video host name
 * (fixtures/dash/cdn/topology.json) with the A record of the node closest to the querying
 * client's source address, authoritatively and with a short TTL; NXDOMAIN for any other name in
 * the zone, REFUSED outside it. Each node is an HTTP server on TCP {node address}:{port} serving
 * the fixture presentation, its MPD's BaseURL pointing at the node itself.
 */

/** One planted bug each (fixtures/dash/mutants); the reference sets none. */
export type CdnFault =
  | 'id-not-echoed'
  | 'question-dropped'
  | 'always-default-node'
  | 'first-prefix-wins'
  | 'long-ttl'
  | 'unknown-name-noerror'
  | 'not-authoritative'
  | 'node-baseurl-origin'
  | 'node-missing-segments';

export interface CdnOptions {
  faults?: CdnFault[];
}

function answerFor(query: Packet, source: string, topology: CdnTopology, faults: Set<CdnFault>): Buffer | undefined {
  const question = query.questions?.[0];
  if (query.type !== 'query' || !question) return undefined;
  const id = faults.has('id-not-echoed') ? ((query.id ?? 0) + 1) & 0xffff : (query.id ?? 0);
  const name = question.name.toLowerCase().replace(/\.$/, '');
  const videoName = topology.name.toLowerCase().replace(/\.$/, '');
  const zone = topology.zone.toLowerCase().replace(/\.$/, '');
  const inZone = name === zone || name.endsWith(`.${zone}`);
  const aa = faults.has('not-authoritative') ? 0 : dnsPacket.AUTHORITATIVE_ANSWER;
  const base = { id, type: 'response' as const, questions: faults.has('question-dropped') ? [] : [question] };
  if (!inZone) return dnsPacket.encode({ ...base, flags: 5 });
  if (name !== videoName) return dnsPacket.encode({ ...base, flags: aa | (faults.has('unknown-name-noerror') ? 0 : 3) });
  if (question.type !== 'A' || question.class !== 'IN') return dnsPacket.encode({ ...base, flags: aa });
  let node: CdnNode = closestNode(topology, source);
  if (faults.has('always-default-node')) node = topology.nodes.find((n) => n.id === topology.defaultNode) ?? node;
  if (faults.has('first-prefix-wins')) {
    const first = topology.clients.find((c) => inPrefix(source, c.prefix));
    node = topology.nodes.find((n) => n.id === first?.node) ?? node;
  }
  const ttl = faults.has('long-ttl') ? 86400 : topology.ttl;
  return dnsPacket.encode({ ...base, flags: aa, answers: [{ type: 'A', class: 'IN', name: question.name, ttl, data: node.address }] });
}

/** How many ephemeral ports startCdn tries before giving up (each node address must take the DNS port too). */
const portAttempts = 20;

/**
 * Starts the redirector and its nodes on one port number. With port 0 the DNS socket takes an
 * ephemeral port and every node must then listen on that same number at its own address; if
 * one cannot (another process holds it there), everything is closed and a new port is drawn.
 */
export async function startCdn(options: ServerStartOptions, cdn: CdnOptions = {}): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startCdnOnce(options, cdn);
    } catch (error) {
      const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!taken || options.port !== 0 || attempt >= portAttempts) throw error;
    }
  }
}

async function startCdnOnce(options: ServerStartOptions, cdn: CdnOptions): Promise<RunningServer> {
  const topology = readTopology(options.fixturesDir);
  const faults = new Set(cdn.faults ?? []);
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, rinfo) => {
    let query: Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const reply = answerFor(query, rinfo.address, topology, faults);
    if (reply) socket.send(reply, rinfo.port, rinfo.address);
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.host, () => {
      socket.removeListener('error', reject);
      resolve();
    });
  });
  const port = socket.address().port;
  const description = readFixtureDescription(options.fixturesDir);
  const nodes: RunningServer[] = [];
  try {
    for (const node of topology.nodes) {
      const baseUrl = faults.has('node-baseurl-origin') ? `http://${options.host}:${port}/` : `http://${node.address}:${port}/`;
      nodes.push(
        await listenDashSite({
          host: node.address,
          port,
          description,
          presentation: fixturePresentation(description, baseUrl),
          ...(faults.has('node-missing-segments') ? { rewriteFiles: (files: Map<string, () => Buffer>) => {
            for (const name of [...files.keys()]) if (name.endsWith('.m4s')) files.delete(name);
          } } : {}),
        }),
      );
    }
  } catch (error) {
    for (const node of nodes) await node.close();
    socket.close();
    throw error;
  }
  return {
    endpoint: { host: options.host, port },
    close: async () => {
      for (const node of nodes) await node.close();
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
