import { createHash } from 'node:crypto';

/**
 * The content of the project's test torrents, computed rather than stored: block i of 32 bytes
 * is SHA-256 of `${label}:${i}`. The harness serves the leech torrent's data from this, and
 * fixtures/bittorrent/peer/make-torrents.ts wrote the torrents (and the seed's file) from it.
 */
export function deterministicBytes(label: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let block = 0; block * 32 < length; block++) {
    createHash('sha256').update(`${label}:${block}`).digest().copy(out, block * 32);
  }
  return out;
}

/** The labels of the fixture torrents' content. */
export const seedContentLabel = 'rfcheck seed';
export const leechContentLabel = 'rfcheck leech';
