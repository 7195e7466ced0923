import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { createMetainfo } from '../../../reference/bittorrent/metainfo-writer.ts';
import { parseMetainfo, pieceSize, readMetainfo } from '../../../specs/bittorrent/metainfo.ts';

describe('metainfo files (BEP 3)', () => {
  const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7) & 0xff));

  it('a single-file torrent round-trips with one SHA-1 per piece', () => {
    const metainfo = parseMetainfo(createMetainfo({ announce: 'http://t/announce', name: 'a.bin', pieceLength: 16_384, files: [{ data }] }));
    expect(metainfo.multiFile).toBe(false);
    expect(metainfo.totalLength).toBe(100_000);
    expect(metainfo.pieceHashes).toHaveLength(7);
    expect(pieceSize(metainfo, 6)).toBe(100_000 - 6 * 16_384);
    expect(metainfo.pieceHashes[6]).toEqual(createHash('sha1').update(data.subarray(6 * 16_384)).digest());
  });

  it('a multi-file torrent hashes pieces across file boundaries', () => {
    const files = [
      { path: ['x'], data: data.subarray(0, 10_000) },
      { path: ['d', 'y'], data: data.subarray(10_000) },
    ];
    const metainfo = parseMetainfo(createMetainfo({ announce: 'http://t/announce', name: 'dir', pieceLength: 32_768, files }));
    expect(metainfo.multiFile).toBe(true);
    expect(metainfo.files).toEqual([
      { path: ['x'], length: 10_000 },
      { path: ['d', 'y'], length: 90_000 },
    ]);
    expect(metainfo.pieceHashes[0]).toEqual(createHash('sha1').update(data.subarray(0, 32_768)).digest());
  });

  it('refuses unsafe paths and hash counts that do not fit the length', () => {
    const bad = createMetainfo({ announce: '', name: 'n', pieceLength: 16_384, files: [{ path: ['..', 'etc'], data }] });
    expect(() => parseMetainfo(bad)).toThrow(/unsafe path/);
  });

  it('the fixture torrents have the info hashes transmission-show reports', () => {
    const folder = path.join(fixturesDir, 'bittorrent', 'peer');
    expect(readMetainfo(path.join(folder, 'seed.torrent')).infoHash.toString('hex')).toBe('54cdaacd7139ffa9a6aabd2594f913f06dcfe9e3');
    expect(readMetainfo(path.join(folder, 'leech.torrent')).infoHash.toString('hex')).toBe('3e84064a24b39b14e6ec353714fe9ace410a4979');
  });
});
