/**
 * Tit-for-tat choking (BEP 3, "peer messages", the choking algorithm): every `rechokeMs` the
 * interested peers with the best rates get the regular upload slots (4) — while downloading the
 * rate they send to us, while seeding the rate we send to them — and every `optimisticMs` one
 * other interested peer is unchoked at random, so newcomers get a chance to prove themselves.
 * A slot that is free when a peer becomes interested is filled at once rather than at the next
 * round. Both intervals are settings, so tests and the distribution experiment can scale them.
 */

export interface ChokerSettings {
  regularSlots: number;
  rechokeMs: number;
  optimisticMs: number;
}

export const defaultChokerSettings: ChokerSettings = { regularSlots: 4, rechokeMs: 10_000, optimisticMs: 30_000 };

/** What the choker needs of a connection. */
export interface ChokablePeer {
  readonly peerInterested: boolean;
  readonly amChoking: boolean;
  /** Bytes received from this peer since the last round (tit-for-tat while downloading). */
  readonly receivedThisRound: number;
  /** Bytes sent to this peer since the last round (while seeding). */
  readonly sentThisRound: number;
  setChoking(choking: boolean): void;
  resetRound(): void;
}

export class Choker {
  private optimistic: ChokablePeer | undefined;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly settings: ChokerSettings,
    private readonly peers: () => Iterable<ChokablePeer>,
    private readonly seeding: () => boolean,
  ) {
    this.timers.push(setInterval(() => this.rechoke(), settings.rechokeMs));
    this.timers.push(setInterval(() => this.rotateOptimistic(), settings.optimisticMs));
    for (const timer of this.timers) timer.unref();
  }

  /** A peer became interested: a free regular slot (or the optimistic one) is given at once. */
  peerInterested(peer: ChokablePeer): void {
    const unchoked = [...this.peers()].filter((p) => !p.amChoking && p !== this.optimistic).length;
    if (unchoked < this.settings.regularSlots) peer.setChoking(false);
    else if (!this.optimistic) {
      this.optimistic = peer;
      peer.setChoking(false);
    }
  }

  /** A peer lost interest or left: it is choked, and its slot goes at once to a waiting peer. */
  slotFreed(peer: ChokablePeer): void {
    if (this.optimistic === peer) this.optimistic = undefined;
    peer.setChoking(true);
    const waiting = [...this.peers()].filter((p) => p.peerInterested && p.amChoking && p !== peer);
    const unchoked = [...this.peers()].filter((p) => !p.amChoking && p !== this.optimistic).length;
    for (const next of waiting.slice(0, Math.max(0, this.settings.regularSlots - unchoked))) next.setChoking(false);
  }

  forget(peer: ChokablePeer): void {
    this.slotFreed(peer);
  }

  rechoke(): void {
    const interested = [...this.peers()].filter((peer) => peer.peerInterested);
    const rate = (peer: ChokablePeer): number => (this.seeding() ? peer.sentThisRound : peer.receivedThisRound);
    const best = new Set(interested.sort((a, b) => rate(b) - rate(a)).slice(0, this.settings.regularSlots));
    if (this.optimistic && !this.optimistic.peerInterested) this.optimistic = undefined;
    for (const peer of this.peers()) {
      peer.setChoking(!(best.has(peer) || peer === this.optimistic));
      peer.resetRound();
    }
  }

  private rotateOptimistic(): void {
    const candidates = [...this.peers()].filter((peer) => peer.peerInterested && peer.amChoking);
    const previous = this.optimistic;
    this.optimistic = candidates[Math.floor(Math.random() * candidates.length)];
    this.optimistic?.setChoking(false);
    if (previous && previous !== this.optimistic) this.rechoke();
  }

  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }
}
