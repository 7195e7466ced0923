/**
 * The tracker's memory: which peers are in which swarm, and how many completed. Peers that stop
 * re-announcing expire; the number of swarms and of peers per swarm is capped so that a flood of
 * made-up info hashes cannot exhaust memory.
 */

export interface PeerEntry {
  peerId: Buffer;
  ip: string;
  port: number;
  left: number;
  expiresAt: number;
}

export interface Swarm {
  peers: Map<string, PeerEntry>;
  /** Completed events seen: the "downloaded" of a scrape. */
  downloaded: number;
}

export interface RegistryLimits {
  maxSwarms: number;
  maxPeersPerSwarm: number;
  /** How long a peer stays listed after its last announce. */
  peerLifetimeMs: number;
}

export type Admission = 'ok' | 'too-many-swarms' | 'swarm-full';

export class SwarmRegistry {
  private readonly swarms = new Map<string, Swarm>();

  constructor(
    private readonly limits: RegistryLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an announce; returns whether there was room for it. */
  update(infoHash: Buffer, peer: Omit<PeerEntry, 'expiresAt'>, event: string | undefined): Admission {
    const key = infoHash.toString('hex');
    let swarm = this.swarms.get(key);
    if (!swarm) {
      if (event === 'stopped') return 'ok';
      if (this.swarms.size >= this.limits.maxSwarms) this.purgeAll();
      if (this.swarms.size >= this.limits.maxSwarms) return 'too-many-swarms';
      swarm = { peers: new Map(), downloaded: 0 };
      this.swarms.set(key, swarm);
    }
    this.purge(swarm);
    const peerKey = peer.peerId.toString('hex');
    if (event === 'stopped') {
      swarm.peers.delete(peerKey);
      return 'ok';
    }
    if (!swarm.peers.has(peerKey) && swarm.peers.size >= this.limits.maxPeersPerSwarm) return 'swarm-full';
    if (event === 'completed') swarm.downloaded += 1;
    swarm.peers.set(peerKey, { ...peer, expiresAt: this.now() + this.limits.peerLifetimeMs });
    return 'ok';
  }

  /** The live peers of a swarm (none for an unknown one). */
  peersOf(infoHash: Buffer): PeerEntry[] {
    const swarm = this.swarms.get(infoHash.toString('hex'));
    if (!swarm) return [];
    this.purge(swarm);
    return [...swarm.peers.values()];
  }

  /** Every live peer of every swarm (a planted bug mixes swarms with this). */
  allPeers(): PeerEntry[] {
    return [...this.swarms.keys()].flatMap((hex) => this.peersOf(Buffer.from(hex, 'hex')));
  }

  counts(infoHash: Buffer): { complete: number; incomplete: number; downloaded: number } {
    const peers = this.peersOf(infoHash);
    const complete = peers.filter((p) => p.left === 0).length;
    const downloaded = this.swarms.get(infoHash.toString('hex'))?.downloaded ?? 0;
    return { complete, incomplete: peers.length - complete, downloaded };
  }

  knownSwarms(): Buffer[] {
    return [...this.swarms.keys()].map((hex) => Buffer.from(hex, 'hex'));
  }

  private purge(swarm: Swarm): void {
    const now = this.now();
    for (const [key, peer] of swarm.peers) if (peer.expiresAt <= now) swarm.peers.delete(key);
  }

  private purgeAll(): void {
    for (const [key, swarm] of this.swarms) {
      this.purge(swarm);
      if (swarm.peers.size === 0 && swarm.downloaded === 0) this.swarms.delete(key);
    }
  }
}
