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
 * only talk to the server; in peer-to-peer mode every peer also connects to every other.
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
  pieceLength: number;
  /** Choker intervals, scaled down from 10 s / 30 s like the rest of the experiment. */
  choking: ChokerSettings;
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
  /** Bytes the server and the peers uploaded together (N·F if nothing was sent twice), where counted. */
  uploadedBytes?: number;
}

export const defaultDistributionOptions: DistributionOptions = {
  fileBytes: 256 * 1024,
  peerUploadBytesPerSecond: 256 * 1024,
  serverFactor: 10,
  peerCounts: [1, 2, 4, 8, 16, 32],
  pieceLength: 16 * 1024,
  choking: { regularSlots: 4, rechokeMs: 100, optimisticMs: 300 },
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

async function measure(mode: DistributionMode, peers: number, options: DistributionOptions): Promise<number> {
  const content = deterministicBytes(`rfcheck distribution ${options.fileBytes}`, options.fileBytes);
  const metainfo = parseMetainfo(createMetainfo({ announce: '', name: 'distribution.bin', pieceLength: options.pieceLength, files: [{ data: content }] }));
  const base = { choking: options.choking, faults: noFaults, fixturesDir: '' };
  const started: RunningPeer[] = [];
  try {
    const server = await startPeer({ host, port: 0, fixturesDir: '' }, { ...base, torrents: [{ metainfo, content }], uploadBytesPerSecond: options.peerUploadBytesPerSecond * options.serverFactor });
    started.push(server);
    const leechers: RunningPeer[] = [];
    for (let i = 0; i < peers; i++) {
      const upload = mode === 'p2p' ? options.peerUploadBytesPerSecond : 0;
      const leecher = await startPeer({ host, port: 0, fixturesDir: '' }, { ...base, torrents: [{ metainfo }], uploadBytesPerSecond: upload === 0 ? undefined : upload });
      started.push(leecher);
      leechers.push(leecher);
    }
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
    }
    return (performance.now() - begin) / 1000;
  } finally {
    await Promise.all(started.map((peer) => peer.close()));
  }
}

/** Measures both modes for every N; records carry model, measured and their ratio. */
export async function runDistributionExperiment(overrides: Partial<DistributionOptions> = {}, onRecord?: (record: DistributionRecord) => void): Promise<DistributionRecord[]> {
  const options = { ...defaultDistributionOptions, ...overrides };
  const records: DistributionRecord[] = [];
  for (const peers of options.peerCounts) {
    for (const mode of ['client-server', 'p2p'] as const) {
      const model = modelSeconds(mode, peers, options);
      const measured = await measure(mode, peers, options);
      const record: DistributionRecord = { mode, peers, modelSeconds: model, measuredSeconds: measured, ratio: measured / model };
      records.push(record);
      onRecord?.(record);
    }
  }
  return records;
}
