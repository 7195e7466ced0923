import http from 'node:http';
import net from 'node:net';
import bencode from 'bencode';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { type PeerEntry, SwarmRegistry } from './swarm-registry.ts';
import { type TrackerQuery, firstValue, integerValue, parseTrackerQuery } from './tracker-query.ts';
import { listenOn } from '../listening.ts';

/**
 * The reference HTTP tracker: announce (BEP 3 "trackers", compact lists of BEP 23, peers6 of
 * BEP 7) and scrape (BEP 48). A request it cannot serve is answered with a bencoded
 * 'failure reason' and no peers.
 */

export interface AnnounceRequest {
  infoHash: Buffer;
  peerId: Buffer;
  port: number;
  left: number;
  event: 'started' | 'completed' | 'stopped' | undefined;
  compact: boolean;
  numwant: number;
  ip: string;
}

/** Fields of a response before bencoding (keys are ASCII, so a plain object sorts right). */
export type ResponseFields = Record<string, unknown>;

export interface ScrapeEntry {
  /** The key the entry is filed under: the raw 20-byte info hash. */
  key: Buffer;
  complete: number;
  incomplete: number;
  downloaded: number;
}

/**
 * Narrow seams where a planted-bug tracker (fixtures/bittorrent/mutants) changes one behaviour;
 * the reference uses none of them.
 */
export interface TrackerHooks {
  rewriteQuery?(path: string, query: TrackerQuery): TrackerQuery;
  choosePeers?(registry: SwarmRegistry, request: AnnounceRequest): PeerEntry[];
  rewriteAnnounce?(fields: ResponseFields, request: AnnounceRequest): ResponseFields;
  rewriteScrape?(entries: ScrapeEntry[]): ScrapeEntry[];
  rewriteBody?(path: string, body: Buffer): Buffer;
  /** Writes scrape entries in the order asked instead of sorted. */
  scrapeInRequestOrder?: boolean;
}

export interface TrackerSettings {
  /** Seconds a client should wait between announces. */
  intervalSeconds: number;
  maxSwarms: number;
  maxPeersPerSwarm: number;
  defaultNumwant: number;
  maxNumwant: number;
  hooks: TrackerHooks;
}

export const defaultTrackerSettings: TrackerSettings = {
  intervalSeconds: 1800,
  maxSwarms: 100_000,
  maxPeersPerSwarm: 5000,
  defaultNumwant: 50,
  maxNumwant: 200,
  hooks: {},
};

class BadRequest extends Error {}

export function parseAnnounce(query: TrackerQuery, remoteAddress: string, settings: TrackerSettings): AnnounceRequest {
  const infoHash = firstValue(query, 'info_hash');
  if (!infoHash || infoHash.length !== 20) throw new BadRequest('info_hash must be 20 bytes');
  const peerId = firstValue(query, 'peer_id');
  if (!peerId || peerId.length !== 20) throw new BadRequest('peer_id must be 20 bytes');
  const port = integerValue(query, 'port');
  if (port === undefined || port < 1 || port > 65535) throw new BadRequest('port must be an integer from 1 to 65535');
  const left = integerValue(query, 'left');
  if (left === undefined) throw new BadRequest('left must be a non-negative integer');
  const eventText = firstValue(query, 'event')?.toString('latin1') ?? '';
  if (!['', 'started', 'completed', 'stopped'].includes(eventText)) throw new BadRequest('event must be started, completed or stopped');
  const numwant = Math.min(integerValue(query, 'numwant') ?? settings.defaultNumwant, settings.maxNumwant);
  return {
    infoHash,
    peerId,
    port,
    left,
    event: (eventText || undefined) as AnnounceRequest['event'],
    compact: firstValue(query, 'compact')?.toString('latin1') !== '0',
    numwant,
    ip: remoteAddress.replace(/^::ffff:/, ''),
  };
}

/** IPv4 peers as 6-byte entries, IPv6 peers as 18-byte ones (BEP 23, BEP 7). */
function compactPeers(peers: PeerEntry[], family: 4 | 6): Buffer {
  const entries = peers
    .filter((peer) => net.isIP(peer.ip) === family)
    .map((peer) => {
      const port = Buffer.alloc(2);
      port.writeUInt16BE(peer.port);
      const address = family === 4 ? Buffer.from(peer.ip.split('.').map(Number)) : ipv6Bytes(peer.ip);
      return Buffer.concat([address, port]);
    });
  return Buffer.concat(entries);
}

/** The 16 bytes of an IPv6 literal as node reports it (no embedded IPv4 once ::ffff: is stripped). */
function ipv6Bytes(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  const bytes = Buffer.alloc(16);
  [...headGroups, ...zeros, ...tailGroups].forEach((group, i) => bytes.writeUInt16BE(Number.parseInt(group, 16) || 0, i * 2));
  return bytes;
}

function shuffledSample<T>(items: T[], count: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, count);
}

export class Tracker {
  readonly registry: SwarmRegistry;

  constructor(private readonly settings: TrackerSettings) {
    this.registry = new SwarmRegistry({
      maxSwarms: settings.maxSwarms,
      maxPeersPerSwarm: settings.maxPeersPerSwarm,
      peerLifetimeMs: settings.intervalSeconds * 2 * 1000,
    });
  }

  /** Answers one request: the body to send (always bencoded; failures as 'failure reason'). */
  handle(path: string, rawQuery: string, remoteAddress: string): Buffer {
    const hooks = this.settings.hooks;
    let query = parseTrackerQuery(rawQuery);
    if (hooks.rewriteQuery) query = hooks.rewriteQuery(path, query);
    let body: Buffer;
    try {
      body = path === '/announce' ? this.announce(query, remoteAddress) : this.scrape(query);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      body = Buffer.from(bencode.encode({ 'failure reason': error.message }));
    }
    return hooks.rewriteBody ? hooks.rewriteBody(path, body) : body;
  }

  private announce(query: TrackerQuery, remoteAddress: string): Buffer {
    const request = parseAnnounce(query, remoteAddress, this.settings);
    const admission = this.registry.update(request.infoHash, request, request.event);
    if (admission !== 'ok') throw new BadRequest(admission === 'swarm-full' ? 'this swarm is full' : 'the tracker is full');
    const hooks = this.settings.hooks;
    const candidates = hooks.choosePeers
      ? hooks.choosePeers(this.registry, request)
      : this.registry.peersOf(request.infoHash).filter((peer) => !peer.peerId.equals(request.peerId));
    const peers = request.event === 'stopped' ? [] : shuffledSample(candidates, request.numwant);
    const counts = this.registry.counts(request.infoHash);
    let fields: ResponseFields = {
      interval: this.settings.intervalSeconds,
      'min interval': Math.floor(this.settings.intervalSeconds / 2),
      complete: counts.complete,
      incomplete: counts.incomplete,
    };
    if (request.compact) {
      fields.peers = compactPeers(peers, 4);
      const v6 = compactPeers(peers, 6);
      if (v6.length > 0) fields.peers6 = v6;
    } else {
      fields.peers = peers.map((peer) => ({ 'peer id': peer.peerId, ip: peer.ip, port: peer.port }));
    }
    if (hooks.rewriteAnnounce) fields = hooks.rewriteAnnounce(fields, request);
    return Buffer.from(bencode.encode(fields));
  }

  private scrape(query: TrackerQuery): Buffer {
    const asked = query.get('info_hash') ?? this.registry.knownSwarms().slice(0, 1000);
    if (asked.some((hash) => hash.length !== 20)) throw new BadRequest('every info_hash must be 20 bytes');
    let entries: ScrapeEntry[] = asked.map((hash) => ({ key: hash, ...this.registry.counts(hash) }));
    if (this.settings.hooks.rewriteScrape) entries = this.settings.hooks.rewriteScrape(entries);
    return encodeScrape(entries, !this.settings.hooks.scrapeInRequestOrder);
  }
}

/**
 * bencode sorts Map keys as text, which misorders binary keys, so the 'files' dictionary (keyed
 * by raw info hashes) is assembled here in byte order, its values encoded by the library.
 */
function encodeScrape(entries: ScrapeEntry[], sorted: boolean): Buffer {
  const unique = [...new Map(entries.map((entry) => [entry.key.toString('latin1'), entry])).values()];
  if (sorted) unique.sort((a, b) => Buffer.compare(a.key, b.key));
  const parts: Buffer[] = [Buffer.from('d5:filesd')];
  for (const entry of unique) {
    parts.push(Buffer.from(`${entry.key.length}:`), entry.key);
    parts.push(Buffer.from(bencode.encode({ complete: entry.complete, downloaded: entry.downloaded, incomplete: entry.incomplete })));
  }
  parts.push(Buffer.from('ee'));
  return Buffer.concat(parts);
}

/** Serves a Tracker over HTTP on node:http, with timeouts for idle and slow clients. */
export async function startTracker(options: ServerStartOptions, overrides: Partial<TrackerSettings> = {}): Promise<RunningServer> {
  const tracker = new Tracker({ ...defaultTrackerSettings, ...overrides });
  const server = http.createServer({ requestTimeout: 10_000, headersTimeout: 5_000, keepAliveTimeout: 5_000, maxHeaderSize: 16 * 1024 }, (request, response) => {
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    const path = queryStart < 0 ? url : url.slice(0, queryStart);
    const rawQuery = queryStart < 0 ? '' : url.slice(queryStart + 1);
    // A GET has no body; anything a client sends anyway is read and dropped, never buffered.
    request.resume();
    if (request.method !== 'GET' || (path !== '/announce' && path !== '/scrape')) {
      response.writeHead(request.method !== 'GET' ? 405 : 404, { 'Content-Type': 'text/plain' });
      response.end(request.method !== 'GET' ? 'only GET\n' : 'try /announce or /scrape\n');
      return;
    }
    const body = tracker.handle(path, rawQuery, request.socket.remoteAddress ?? '');
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
    response.end(body);
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  const port = await listenOn(server, options.port, options.host);
  return {
    endpoint: { host: options.host, port },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
