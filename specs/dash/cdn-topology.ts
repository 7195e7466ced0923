import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The CDN fixture (fixtures/dash/cdn/topology.json): the video host name, the node addresses,
 * and which node is "closest" to each client prefix. The redirector answers the video name with
 * the node of the longest client prefix that holds the querying address, or the default node.
 */

export interface CdnNode {
  id: string;
  address: string;
}

export interface CdnTopology {
  /** Fully qualified, with the final dot. */
  name: string;
  zone: string;
  ttl: number;
  /** The longest TTL the contract allows on a redirection answer (a short TTL keeps it per-client). */
  maxTtl: number;
  nodes: CdnNode[];
  clients: { prefix: string; node: string }[];
  defaultNode: string;
}

export function readTopology(fixturesDir: string): CdnTopology {
  return JSON.parse(readFileSync(path.join(fixturesDir, 'dash', 'cdn', 'topology.json'), 'utf8')) as CdnTopology;
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export function inPrefix(address: string, prefix: string): boolean {
  const [base, bitsText] = prefix.split('/') as [string, string];
  const bits = Number(bitsText);
  const size = 2 ** (32 - bits);
  return Math.floor(ipv4ToNumber(address) / size) === Math.floor(ipv4ToNumber(base) / size);
}

/** The node the contract says serves a client at `address`: longest matching prefix, else the default. */
export function closestNode(topology: CdnTopology, address: string): CdnNode {
  if (!net.isIPv4(address)) throw new Error(`not an IPv4 address: ${address}`);
  const matching = topology.clients.filter((c) => inPrefix(address, c.prefix));
  matching.sort((a, b) => Number(b.prefix.split('/')[1]) - Number(a.prefix.split('/')[1]));
  const id = matching[0]?.node ?? topology.defaultNode;
  const node = topology.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`topology names an unknown node ${id}`);
  return node;
}

/** The first address and the size of a prefix, to draw client addresses inside it. */
export function prefixRange(prefix: string): { first: number; size: number } {
  const [base, bitsText] = prefix.split('/') as [string, string];
  const size = 2 ** (32 - Number(bitsText));
  return { first: Math.floor(ipv4ToNumber(base) / size) * size, size };
}
