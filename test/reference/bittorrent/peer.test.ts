import net from 'node:net';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { Choker, type ChokablePeer } from '../../../reference/bittorrent/choker.ts';
import { noFaults } from '../../../reference/bittorrent/peer-faults.ts';
import { fixtureTorrents, startPeer } from '../../../reference/bittorrent/peer-server.ts';
import { pickRarest } from '../../../reference/bittorrent/piece-picker.ts';
import { readMetainfo } from '../../../specs/bittorrent/metainfo.ts';

const options = { host: '127.0.0.1', port: 0, fixturesDir };
const fastChoking = { regularSlots: 4, rechokeMs: 200, optimisticMs: 600 };

describe('reference BitTorrent peer', () => {
  it('a leecher downloads the whole seed torrent from a seeder, every piece verified', async () => {
    const [seed] = fixtureTorrents(fixturesDir);
    const seeder = await startPeer(options, { torrents: [seed!], choking: fastChoking, faults: noFaults });
    const leecher = await startPeer(options, { torrents: [{ metainfo: seed!.metainfo }], choking: fastChoking, faults: noFaults });
    try {
      leecher.connect(seeder.endpoint, seed!.metainfo.infoHash);
      const swarm = leecher.swarm(seed!.metainfo.infoHash)!;
      await swarm.whenComplete();
      const pieces = Array.from({ length: swarm.pieces.count }, (_, i) => swarm.pieces.block(i, 0, swarm.pieces.sizeOf(i))!);
      expect(Buffer.concat(pieces).equals(readFileSync(path.join(fixturesDir, 'bittorrent', 'peer', 'seed', 'rfcheck-seed.bin')))).toBe(true);
    } finally {
      await leecher.close();
      await seeder.close();
    }
  });

  it('survives garbage, oversized lengths and half-sent handshakes, and closes with clients connected', async () => {
    const peer = await startPeer(options, { torrents: fixtureTorrents(fixturesDir), choking: fastChoking, faults: noFaults });
    const seed = readMetainfo(path.join(fixturesDir, 'bittorrent', 'peer', 'seed.torrent'));
    const handshake = Buffer.concat([Buffer.from('\x13BitTorrent protocol'), Buffer.alloc(8), seed.infoHash, Buffer.alloc(20, 1)]);
    const hostile = [Buffer.alloc(200, 0xff), Buffer.concat([handshake, Buffer.from([0xff, 0xff, 0xff, 0xff, 7])]), handshake.subarray(0, 30)];
    const sockets = hostile.map(() => net.connect(peer.endpoint));
    await Promise.all(sockets.map((socket, i) => new Promise<void>((resolve) => {
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      socket.on('connect', () => socket.write(hostile[i]!, () => setTimeout(resolve, 100)));
    })));
    const probe = net.connect(peer.endpoint);
    await new Promise<void>((resolve) => probe.once('connect', () => resolve()));
    await peer.close();
    for (const socket of [...sockets, probe]) socket.destroy();
  });

  it('rarest first: the piece fewest peers hold wins', () => {
    const holders: Record<number, number> = { 0: 3, 1: 1, 2: 2 };
    expect(pickRarest([0, 1, 2], (i) => holders[i] ?? 0)).toBe(1);
    expect(pickRarest([], () => 0)).toBeUndefined();
  });

  it('tit-for-tat: four regular slots by rate plus one optimistic', () => {
    type FakePeer = ChokablePeer & { amChoking: boolean };
    const peers: FakePeer[] = Array.from({ length: 7 }, (_, i): FakePeer => ({
      peerInterested: true,
      amChoking: true,
      receivedThisRound: i * 100,
      sentThisRound: 0,
      setChoking(this: FakePeer, choking: boolean) {
        this.amChoking = choking;
      },
      resetRound() {},
    }));
    const choker = new Choker({ regularSlots: 4, rechokeMs: 60_000, optimisticMs: 60_000 }, () => peers, () => false);
    for (const peer of peers) choker.peerInterested(peer);
    expect(peers.filter((p) => !p.amChoking)).toHaveLength(5);
    choker.rechoke();
    const unchoked = peers.flatMap((p, i) => (p.amChoking ? [] : [i]));
    expect(unchoked.filter((i) => i >= 3)).toEqual([3, 4, 5, 6]);
    expect(unchoked.length).toBeLessThanOrEqual(5);
    choker.stop();
  });
});
