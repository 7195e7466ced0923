import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';
import { type Metainfo, readMetainfo } from '../../specs/bittorrent/metainfo.ts';
import { type ChokerSettings, defaultChokerSettings } from './choker.ts';
import { PeerConnection } from './peer-connection.ts';
import { type PeerFaults, noFaults } from './peer-faults.ts';
import { TorrentPieces } from './torrent-pieces.ts';
import { TorrentSwarm } from './torrent-swarm.ts';
import { UploadThrottle } from './upload-throttle.ts';
import { listenOn } from '../listening.ts';

/**
 * The reference BitTorrent peer: listens for peer wire connections for the torrents it holds
 * (complete ones it seeds, others it downloads) and can open connections to other peers.
 */

export interface PeerTorrent {
  metainfo: Metainfo;
  /** The torrent's files concatenated, for a seeder; absent for a peer that starts empty. */
  content?: Buffer;
}

export interface PeerSettings {
  torrents: PeerTorrent[];
  choking: ChokerSettings;
  /** Upload limit in bytes per second (all torrents together); unlimited by default. */
  uploadBytesPerSecond?: number;
  faults: PeerFaults;
}

export interface RunningPeer extends RunningServer {
  peerId: Buffer;
  swarm(infoHash: Buffer): TorrentSwarm | undefined;
  /** Opens a connection to another peer for one of our torrents. */
  connect(endpoint: Endpoint, infoHash: Buffer): void;
}

/** Far above what a swarm needs, so that 1,000 clients at once are all served (the robustness goal). */
const maxConnections = 4096;

export async function startPeer(options: ServerStartOptions, settings: PeerSettings): Promise<RunningPeer> {
  const peerId = Buffer.concat([Buffer.from('-RF0100-'), randomBytes(12)]);
  const throttle = new UploadThrottle(settings.uploadBytesPerSecond);
  const swarms = new Map<string, TorrentSwarm>();
  for (const torrent of settings.torrents) {
    const pieces = torrent.content ? TorrentPieces.fromContent(torrent.metainfo, torrent.content) : TorrentPieces.empty(torrent.metainfo);
    swarms.set(torrent.metainfo.infoHash.toString('hex'), new TorrentSwarm(torrent.metainfo.infoHash, pieces, settings.choking, throttle));
  }
  const context = {
    peerId,
    faults: settings.faults,
    swarmFor: (infoHash: Buffer) => swarms.get(infoHash.toString('hex')),
    anySwarm: () => swarms.values().next().value,
  };
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = net.createServer((socket) => {
    if (sockets.size >= maxConnections) {
      socket.destroy();
      return;
    }
    track(socket);
    new PeerConnection(socket, context);
  });
  const port = await listenOn(server, options.port, options.host);
  return {
    peerId,
    endpoint: { host: options.host, port },
    swarm: (infoHash) => swarms.get(infoHash.toString('hex')),
    connect: (endpoint, infoHash) => {
      const swarm = swarms.get(infoHash.toString('hex'));
      if (!swarm) throw new Error('not a torrent of this peer');
      const socket = net.connect(endpoint);
      track(socket);
      new PeerConnection(socket, context, swarm);
    },
    close: () =>
      new Promise((resolve) => {
        throttle.stop();
        for (const swarm of swarms.values()) swarm.stop();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The fixture torrents (fixtures/bittorrent/peer): seed.torrent with its file, leech.torrent empty. */
export function fixtureTorrents(fixturesDir: string): PeerTorrent[] {
  const folder = path.join(fixturesDir, 'bittorrent', 'peer');
  return [
    { metainfo: readMetainfo(path.join(folder, 'seed.torrent')), content: readFileSync(path.join(folder, 'seed', 'rfcheck-seed.bin')) },
    { metainfo: readMetainfo(path.join(folder, 'leech.torrent')) },
  ];
}

export function startFixturePeer(options: ServerStartOptions, faults: PeerFaults = noFaults): Promise<RunningPeer> {
  const choking = faults.has('unchokes-everyone') ? { ...defaultChokerSettings, regularSlots: Number.POSITIVE_INFINITY } : defaultChokerSettings;
  return startPeer(options, { torrents: fixtureTorrents(options.fixturesDir), choking, faults });
}
