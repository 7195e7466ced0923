import { createHash } from 'node:crypto';
import { type Metainfo, pieceSize } from '../../specs/bittorrent/metainfo.ts';
import { encodeBitfield } from '../../specs/bittorrent/peer-wire.ts';

/**
 * The pieces one peer holds of one torrent, in memory. A piece is stored only after its SHA-1
 * matched the metainfo, so everything this peer announces or serves has been checked.
 */
export class TorrentPieces {
  private readonly pieces: (Buffer | undefined)[];

  private constructor(readonly metainfo: Metainfo) {
    this.pieces = Array.from({ length: metainfo.pieceHashes.length }, () => undefined);
  }

  static empty(metainfo: Metainfo): TorrentPieces {
    return new TorrentPieces(metainfo);
  }

  /** A seeder's pieces: `content` is the torrent's files concatenated; pieces that fail their hash are left out. */
  static fromContent(metainfo: Metainfo, content: Buffer): TorrentPieces {
    const torrent = new TorrentPieces(metainfo);
    for (let index = 0; index < torrent.count; index++) {
      const start = index * metainfo.pieceLength;
      torrent.accept(index, content.subarray(start, start + pieceSize(metainfo, index)));
    }
    return torrent;
  }

  get count(): number {
    return this.pieces.length;
  }

  get complete(): boolean {
    return this.pieces.every((piece) => piece !== undefined);
  }

  has(index: number): boolean {
    return this.pieces[index] !== undefined;
  }

  sizeOf(index: number): number {
    return pieceSize(this.metainfo, index);
  }

  /** True when index/begin/length name bytes inside one piece of this torrent. */
  inBounds(index: number, begin: number, length: number): boolean {
    return index < this.count && length > 0 && begin + length <= this.sizeOf(index);
  }

  /** The bytes of a block this peer has, or undefined when it lacks them or they are out of bounds. */
  block(index: number, begin: number, length: number): Buffer | undefined {
    if (!this.inBounds(index, begin, length)) return undefined;
    return this.pieces[index]?.subarray(begin, begin + length);
  }

  /** Stores a piece if its SHA-1 matches the metainfo; returns whether it did. */
  accept(index: number, data: Buffer): boolean {
    const expected = this.metainfo.pieceHashes[index];
    if (!expected || data.length !== this.sizeOf(index)) return false;
    if (!createHash('sha1').update(data).digest().equals(expected)) return false;
    this.pieces[index] = Buffer.from(data);
    return true;
  }

  /** Stores a piece without checking it (only a planted bug does this). */
  storeUnchecked(index: number, data: Buffer): boolean {
    if (index >= this.count || data.length !== this.sizeOf(index)) return false;
    this.pieces[index] = Buffer.from(data);
    return true;
  }

  bitfield(): Buffer {
    return encodeBitfield((index) => this.has(index), this.count);
  }

  /** The indexes of the pieces not held, in order (a plain loop: the picker asks on every have). */
  missing(): number[] {
    const lacking: number[] = [];
    for (let index = 0; index < this.pieces.length; index++) if (this.pieces[index] === undefined) lacking.push(index);
    return lacking;
  }
}
