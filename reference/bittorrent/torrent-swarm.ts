import { Choker, type ChokerSettings } from './choker.ts';
import type { PeerConnection } from './peer-connection.ts';
import type { PeerFaults } from './peer-faults.ts';
import { pickRarest } from './piece-picker.ts';
import type { TorrentPieces } from './torrent-pieces.ts';
import type { UploadThrottle } from './upload-throttle.ts';

/**
 * One torrent as the reference peer takes part in it: its pieces, the connections to other
 * peers of its swarm, the choker, and which pieces are being fetched (so two connections do not
 * fetch the same one).
 */
export class TorrentSwarm {
  readonly connections = new Set<PeerConnection>();
  /** The bitfield at start (a planted bug keeps announcing it). */
  readonly initialBitfield: Buffer;
  private readonly choker: Choker;
  /** Pieces being fetched, with how many connections fetch each (more than one only in the end game). */
  private readonly inFlight = new Map<number, number>();
  private readonly completionWaiters: (() => void)[] = [];

  constructor(
    readonly infoHash: Buffer,
    readonly pieces: TorrentPieces,
    choking: ChokerSettings,
    private readonly throttle: UploadThrottle,
  ) {
    this.initialBitfield = pieces.bitfield();
    this.choker = new Choker(choking, () => this.connections, () => this.pieces.complete);
  }

  join(connection: PeerConnection): void {
    this.connections.add(connection);
  }

  leave(connection: PeerConnection): void {
    this.connections.delete(connection);
    this.choker.forget(connection);
  }

  peerInterested(connection: PeerConnection): void {
    this.choker.peerInterested(connection);
  }

  peerNotInterested(connection: PeerConnection): void {
    this.choker.slotFreed(connection);
  }

  /**
   * Rarest first among the pieces `connection`'s remote has, we lack and nobody fetches. In the
   * end game — every missing piece is being fetched — a piece fetched elsewhere is taken too (one
   * second copy at most), so the last pieces do not wait on one slow peer; the first copy to
   * complete wins and the other is cancelled. Before the end game a piece is never fetched twice:
   * a second copy would spend some peer's upload on bytes that are thrown away.
   */
  pickPiece(connection: PeerConnection): number | undefined {
    const missing = this.pieces.missing();
    const wanted = missing.filter((index) => connection.has(index));
    const fresh = wanted.filter((index) => !this.inFlight.has(index));
    const endGame = fresh.length === 0 && missing.every((index) => this.inFlight.has(index));
    const candidates = fresh.length > 0 ? fresh : endGame ? wanted.filter((index) => (this.inFlight.get(index) ?? 0) < 2) : [];
    const index = pickRarest(candidates, (i) => [...this.connections].filter((c) => c.has(i)).length);
    if (index !== undefined) this.inFlight.set(index, (this.inFlight.get(index) ?? 0) + 1);
    return index;
  }

  release(index: number): void {
    const count = (this.inFlight.get(index) ?? 1) - 1;
    if (count > 0) this.inFlight.set(index, count);
    else this.inFlight.delete(index);
  }

  /** Checks and stores a downloaded piece; on success every connection hears a have. */
  completePiece(index: number, data: Buffer, faults: PeerFaults): boolean {
    this.release(index);
    if (this.pieces.has(index)) return true;
    const stored = faults.has('skips-hash-check') ? this.pieces.storeUnchecked(index, data) : this.pieces.accept(index, data);
    if (!stored) return false;
    for (const connection of this.connections) connection.announce(index);
    if (this.pieces.complete) for (const resolve of this.completionWaiters.splice(0)) resolve();
    return true;
  }

  /** Resolves once every piece is held. */
  whenComplete(): Promise<void> {
    if (this.pieces.complete) return Promise.resolve();
    return new Promise((resolve) => this.completionWaiters.push(resolve));
  }

  /** The bytes to answer a request with, or undefined to leave it unanswered. */
  blockFor(index: number, begin: number, length: number, faults: PeerFaults): Buffer | undefined {
    const pieces = this.pieces;
    if (faults.has('serves-shifted-data') && pieces.has(index) && pieces.inBounds(index, begin, length)) {
      const shifted = pieces.block(index, 0, pieces.sizeOf(index))?.subarray(begin + 1, begin + 1 + length);
      return shifted && Buffer.concat([shifted, Buffer.alloc(length - shifted.length)]);
    }
    if (faults.has('serves-unannounced-pieces') && !pieces.has(index) && pieces.inBounds(index, begin, length)) return Buffer.alloc(length);
    if (faults.has('serves-out-of-bounds') && index < pieces.count && pieces.has(index) && !pieces.inBounds(index, begin, length)) {
      const rest = pieces.block(index, begin, pieces.sizeOf(index) - begin) ?? Buffer.alloc(0);
      return Buffer.concat([rest, Buffer.alloc(Math.max(0, length - rest.length))]);
    }
    return pieces.block(index, begin, length);
  }

  /** Sends a block when the upload limit allows, unless by then it is no longer `wanted`. */
  throttleUpload(bytes: number, send: () => void, wanted: () => boolean): void {
    this.throttle.schedule(bytes, send, wanted);
  }

  stop(): void {
    this.choker.stop();
    for (const connection of this.connections) connection.close();
  }
}
