import { monitorEventLoopDelay } from 'node:perf_hooks';
import { deterministicBytes } from '../../specs/bittorrent/fixture-content.ts';
import { parseMetainfo } from '../../specs/bittorrent/metainfo.ts';
import type { ChokerSettings } from './choker.ts';
import { createMetainfo } from './metainfo-writer.ts';
import { noFaults } from './peer-faults.ts';
import { type RunningPeer, startPeer } from './peer-server.ts';

/**
 * The course's file-distribution experiment: the time to get a file of F bytes from one server to
 * N peers, measured with reference peers on loopback and set beside the model.
 *   client-server  D_cs  = max{ N·F/u_s, F/d_min }
 *   peer-to-peer   D_p2p = max{ F/u_s, F/d_min, N·F/(u_s + Σu_i) }
 * Every peer uploads at u, the server at u_s = serverFactor·u; downloads are not limited, so
 * d_min ≥ u_s as in the course and the model takes d_min = u_s. In client-server mode the peers
 * only talk to the server; in peer-to-peer mode every peer also connects to every other. The
 * peers choke tit-for-tat with BitTorrent's 4 regular slots; the server, which stands for the
 * course's server pushing to everyone, unchokes every peer.
 */

export interface DistributionOptions {
  /** F, in bytes. */
  fileBytes: number;
  /** u, each peer's upload rate in bytes per second; F/u is the course's "1 hour", scaled down. */
  peerUploadBytesPerSecond: number;
  /** u_s / u (the course uses 10). */
  serverFactor: number;
  /** The values of N to measure. */
  peerCounts: number[];
  /** Which distributions to measure for each N. */
  modes: DistributionMode[];
  pieceLength: number;
  /** Choker intervals, scaled down from 10 s / 30 s like the rest of the experiment. */
  choking: ChokerSettings;
  /** Regular unchoke slots of the server (the seed); undefined: as many as the peers, so u_s is never idle for want of a downloader. */
  serverSlots?: number;
  /** Gives up on one measurement after this long (a stuck swarm must not hang the bench). */
  timeoutMs: number;
}

export type DistributionMode = 'client-server' | 'p2p';

export interface DistributionRecord {
  mode: DistributionMode;
  peers: number;
  modelSeconds: number;
  measuredSeconds: number;
  ratio: number;
  /**
   * How late the event loop ran while measuring (median and 99th percentile, ms). Every peer
   * lives in this one process, so a machine busy with other work shows here first: the time
   * then includes the wait for the CPU, which the model knows nothing of.
   */
  loopDelayMs: { p50: number; p99: number };
}

/**
 * F/u = 4 s stands for the course's hour. Pieces of 32 KiB are two 16 KiB blocks requested at
 * once (a pipeline of two per connection) and F holds 32 of them, so a peer passes pieces on
 * long before it is done. The peers' choker keeps BitTorrent's 4 regular slots; its rounds (1 s,
 * the optimistic one 3 s) last several piece times at u, as 10 s / 30 s do on a real swarm, so
 * slots do not churn faster than a piece can cross. F and u are small enough that 33 peers in
 * one process need about a third of a core at N = 32 (see the README on a busy machine).
 */
export const defaultDistributionOptions: DistributionOptions = {
  fileBytes: 1024 * 1024,
  peerUploadBytesPerSecond: 256 * 1024,
  serverFactor: 10,
  peerCounts: [1, 2, 4, 8, 16, 32],
  modes: ['client-server', 'p2p'],
  pieceLength: 32 * 1024,
  choking: { regularSlots: 4, rechokeMs: 1000, optimisticMs: 3000 },
  timeoutMs: 120_000,
};

export function modelSeconds(mode: DistributionMode, peers: number, options: DistributionOptions): number {
  const file = options.fileBytes;
  const u = options.peerUploadBytesPerSecond;
  const server = u * options.serverFactor;
  const dMin = server;
  if (mode === 'client-server') return Math.max((peers * file) / server, file / dMin);
  return Math.max(file / server, file / dMin, (peers * file) / (server + peers * u));
}

const host = '127.0.0.1';

async function measure(mode: DistributionMode, peers: number, options: DistributionOptions): Promise<{ seconds: number; loopDelayMs: DistributionRecord['loopDelayMs'] }> {
  const content = deterministicBytes(`rfcheck distribution ${options.fileBytes}`, options.fileBytes);
  const metainfo = parseMetainfo(createMetainfo({ announce: '', name: 'distribution.bin', pieceLength: options.pieceLength, files: [{ data: content }] }));
  const base = { choking: options.choking, faults: noFaults, fixturesDir: '' };
  const started: RunningPeer[] = [];
  try {
    const serverChoking = { ...options.choking, regularSlots: options.serverSlots ?? peers };
    const server = await startPeer({ host, port: 0, fixturesDir: '' }, { ...base, choking: serverChoking, torrents: [{ metainfo, content }], uploadBytesPerSecond: options.peerUploadBytesPerSecond * options.serverFactor });
    started.push(server);
    const leechers: RunningPeer[] = [];
    for (let i = 0; i < peers; i++) {
      const upload = mode === 'p2p' ? options.peerUploadBytesPerSecond : 0;
      const leecher = await startPeer({ host, port: 0, fixturesDir: '' }, { ...base, torrents: [{ metainfo }], uploadBytesPerSecond: upload === 0 ? undefined : upload });
      started.push(leecher);
      leechers.push(leecher);
    }
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const begin = performance.now();
    for (const [i, leecher] of leechers.entries()) {
      leecher.connect(server.endpoint, metainfo.infoHash);
      if (mode === 'p2p') for (const earlier of leechers.slice(0, i)) leecher.connect(earlier.endpoint, metainfo.infoHash);
    }
    const done = Promise.all(leechers.map((leecher) => leecher.swarm(metainfo.infoHash)?.whenComplete()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${mode} with N=${peers} did not finish within ${options.timeoutMs} ms`)), options.timeoutMs);
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
      lag.disable();
    }
    const seconds = (performance.now() - begin) / 1000;
    const ms = (nanoseconds: number): number => Math.round(nanoseconds / 1e5) / 10;
    return { seconds, loopDelayMs: { p50: ms(lag.percentile(50)), p99: ms(lag.percentile(99)) } };
  } finally {
    await Promise.all(started.map((peer) => peer.close()));
  }
}

/** Measures both modes for every N; records carry model, measured and their ratio. */
export async function runDistributionExperiment(overrides: Partial<DistributionOptions> = {}, onRecord?: (record: DistributionRecord) => void): Promise<DistributionRecord[]> {
  const options = { ...defaultDistributionOptions, ...overrides };
  const records: DistributionRecord[] = [];
  for (const peers of options.peerCounts) {
    for (const mode of options.modes) {
      const model = modelSeconds(mode, peers, options);
      const { seconds, loopDelayMs } = await measure(mode, peers, options);
      const record: DistributionRecord = { mode, peers, modelSeconds: model, measuredSeconds: seconds, ratio: seconds / model, loopDelayMs };
      records.push(record);
      onRecord?.(record);
    }
  }
  return records;
}
