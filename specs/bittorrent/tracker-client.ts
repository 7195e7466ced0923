import { readFileSync } from 'node:fs';
import path from 'node:path';
import { violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { freshPeers } from './fresh-peers.ts';
import { type HttpReply, type QueryParameters, httpGet } from './http-get.ts';
import { type BDict, type BValue, asDict, asInteger, decodeFirst, describe } from './strict-bencode.ts';

/**
 * The harness as a tracker's client (BEP 3 "trackers", BEP 23, BEP 48): announce and scrape
 * requests, and readers for what comes back. Readers here are tolerant of everything a rule is
 * not about (bytes after the dictionary, the form of the peer list), so that each rule fails
 * only for its own requirement.
 */

export type AnnounceEvent = 'started' | 'completed' | 'stopped';

export interface AnnounceRequest {
  infoHash: Uint8Array;
  peerId: Uint8Array;
  /** Left out of the request when undefined. */
  port?: number;
  left: number;
  event?: AnnounceEvent;
  compact?: 0 | 1;
}

export interface ListedPeer {
  ip: string;
  port: number;
  /** The raw 6-byte entry of a compact list. */
  compactEntry?: Buffer;
  peerId?: Buffer;
}

/** The swarms a tracker under test accepts: fixtures/bittorrent/tracker/info-hashes.txt. */
export function swarmPool(fixturesDir: string): Buffer[] {
  const file = path.join(fixturesDir, 'bittorrent', 'tracker', 'info-hashes.txt');
  return readFileSync(file, 'latin1')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[0-9a-f]{40}$/i.test(line))
    .map((hex) => Buffer.from(hex, 'hex'));
}

export const shortHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').slice(0, 8);

export function announceParameters(request: AnnounceRequest): QueryParameters {
  const parameters: QueryParameters = [
    ['info_hash', request.infoHash],
    ['peer_id', request.peerId],
  ];
  if (request.port !== undefined) parameters.push(['port', String(request.port)]);
  parameters.push(['uploaded', '0'], ['downloaded', '0'], ['left', String(request.left)]);
  parameters.push(['compact', String(request.compact ?? 1)], ['numwant', '200']);
  if (request.event) parameters.push(['event', request.event]);
  return parameters;
}

/** The swarms each run's peers joined, so that they can leave when the run is done. */
const joined = new WeakMap<RunIO, AnnounceRequest[]>();

export async function announce(io: RunIO, request: AnnounceRequest): Promise<HttpReply> {
  if (request.event !== 'stopped' && request.port !== undefined) joined.set(io, [...(joined.get(io) ?? []), request]);
  io.step(
    `announce swarm ${shortHex(request.infoHash)}… as peer port ${request.port ?? '(none)'}, left=${request.left}` +
      `${request.event ? `, event=${request.event}` : ''}, compact=${request.compact ?? 1}`,
  );
  return httpGet(io, '/announce', announceParameters(request));
}

/**
 * Announces event=stopped for every peer the run announced, so that swarms a real tracker keeps
 * between runs stay small (a peer list is capped by numwant). Best effort: errors are ignored.
 */
export async function leaveJoinedSwarms(io: RunIO): Promise<void> {
  const seen = new Set<string>();
  for (const request of joined.get(io) ?? []) {
    const key = `${Buffer.from(request.infoHash).toString('hex')}/${Buffer.from(request.peerId).toString('hex')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      await httpGet(io, '/announce', announceParameters({ ...request, event: 'stopped' }));
    } catch {
      return;
    }
  }
  joined.delete(io);
}

/**
 * The first bencoded value of a reply, which must be a dictionary; trailing bytes and the order
 * of keys are not judged here (each is a rule of its own).
 */
export function replyDictionary(reply: HttpReply, what: string): BDict {
  return asDict(decodeFirst(reply.body, what, { anyKeyOrder: true }).value, what);
}

/** An announce that must succeed: status 200, a dictionary, no failure reason. */
export async function announceAccepted(io: RunIO, request: AnnounceRequest): Promise<BDict> {
  const reply = await announce(io, request);
  if (reply.status !== 200) violation(`a valid announce was answered with HTTP ${reply.status}`, 'HTTP 200', `HTTP ${reply.status}`);
  const dictionary = replyDictionary(reply, 'the announce response');
  const failure = dictionary.get('failure reason');
  if (failure !== undefined) {
    violation(`a valid announce was refused: ${describe(failure)}`, 'a peer list', `failure reason ${describe(failure)}`);
  }
  return dictionary;
}

/** The peers of an announce response, compact (BEP 23) or a list of dictionaries (BEP 3). */
export function listedPeers(dictionary: BDict): ListedPeer[] {
  const peers = dictionary.get('peers');
  if (Buffer.isBuffer(peers)) {
    const entries: ListedPeer[] = [];
    // Whole 6-byte entries only; whether the length is a multiple of 6 is a rule of its own.
    for (let at = 0; at + 6 <= peers.length; at += 6) {
      const entry = peers.subarray(at, at + 6);
      entries.push({ ip: [...entry.subarray(0, 4)].join('.'), port: entry.readUInt16BE(4), compactEntry: entry });
    }
    return entries;
  }
  if (Array.isArray(peers)) {
    return peers.map((item, i) => {
      const entry = asDict(item, `peer ${i} of the list`);
      const ip = entry.get('ip');
      const port = entry.get('port');
      return {
        ip: Buffer.isBuffer(ip) ? ip.toString('latin1') : '',
        port: typeof port === 'bigint' ? Number(port) : -1,
        peerId: Buffer.isBuffer(entry.get('peer id')) ? (entry.get('peer id') as Buffer) : undefined,
      };
    });
  }
  return violation(`the response has no usable 'peers' (${describe(peers)})`, 'a compact string or a list of peers', describe(peers));
}

export interface SwarmCounts {
  complete: bigint;
  incomplete: bigint;
  downloaded: bigint;
}

/** Scrapes the given swarms; returns the 'files' dictionary as the tracker sent it. */
export async function scrapeFiles(io: RunIO, infoHashes: Uint8Array[]): Promise<BDict> {
  io.step(`scrape ${infoHashes.map((h) => `${shortHex(h)}…`).join(', ')}`);
  const reply = await httpGet(io, '/scrape', infoHashes.map((hash) => ['info_hash', hash]));
  if (reply.status !== 200) violation(`a scrape was answered with HTTP ${reply.status}`, 'HTTP 200', `HTTP ${reply.status}`);
  const dictionary = replyDictionary(reply, 'the scrape response');
  return asDict(dictionary.get('files'), "the scrape response's 'files'");
}

/** A swarm's entry in a scrape's 'files', under its raw hash or (tolerantly) its hex text. */
export function scrapeEntry(files: BDict, infoHash: Uint8Array): BValue | undefined {
  const hex = Buffer.from(infoHash).toString('hex');
  return files.get(Buffer.from(infoHash).toString('latin1')) ?? files.get(hex) ?? files.get(hex.toUpperCase());
}

/** One fresh peer joins every swarm of `hashes` as a leecher. */
export async function joinSwarms(io: RunIO, hashes: Buffer[], left: number): Promise<void> {
  const [me] = freshPeers(1);
  for (const infoHash of hashes) await announceAccepted(io, { infoHash, peerId: me!.peerId, port: me!.port, left, event: 'started' });
}

/**
 * The counts of one swarm in a scrape; a swarm the tracker has never seen may be absent (all
 * zero). The entry is found under the raw hash or, tolerantly, its hex text: how it is keyed is
 * a rule of its own.
 */
export function swarmCounts(files: BDict, infoHash: Uint8Array): SwarmCounts {
  const entry = scrapeEntry(files, infoHash);
  if (entry === undefined) return { complete: 0n, incomplete: 0n, downloaded: 0n };
  const counts = asDict(entry, `the scrape entry of ${shortHex(infoHash)}…`);
  return {
    complete: asInteger(counts.get('complete'), "'complete'"),
    incomplete: asInteger(counts.get('incomplete'), "'incomplete'"),
    downloaded: asInteger(counts.get('downloaded'), "'downloaded'"),
  };
}
