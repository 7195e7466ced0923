import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import bencode from 'bencode';

/**
 * Reading a metainfo (.torrent) file (BEP 3, "metainfo files"): the info dictionary, its SHA-1
 * (the info hash), the piece length and hashes, and the files in order. Throws an Error naming
 * the problem: a .torrent is fixture data, so a bad one is the harness's own error.
 */

export interface TorrentFile {
  /** Path components below the torrent's name (one component for a single-file torrent). */
  path: string[];
  length: number;
}

export interface Metainfo {
  announce: string;
  name: string;
  infoHash: Buffer;
  pieceLength: number;
  pieceHashes: Buffer[];
  files: TorrentFile[];
  totalLength: number;
  /** True for the multi-file form (a 'files' list). */
  multiFile: boolean;
}

type Decoded = Record<string, unknown>;

const text = (value: unknown, what: string): string => {
  if (!(value instanceof Uint8Array)) throw new Error(`metainfo: ${what} is not a string`);
  return Buffer.from(value).toString('utf8');
};
const integer = (value: unknown, what: string): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Error(`metainfo: ${what} is not a non-negative integer`);
  return value;
};

export function parseMetainfo(bytes: Uint8Array): Metainfo {
  const top = bencode.decode(bytes) as Decoded;
  if (typeof top !== 'object' || top === null) throw new Error('metainfo: not a dictionary');
  const info = top.info as Decoded | undefined;
  if (typeof info !== 'object' || info === null) throw new Error("metainfo: no 'info' dictionary");
  const pieceLength = integer(info['piece length'], "'piece length'");
  if (pieceLength === 0) throw new Error("metainfo: 'piece length' is 0");
  const pieces = info.pieces;
  if (!(pieces instanceof Uint8Array) || pieces.length % 20 !== 0) throw new Error("metainfo: 'pieces' is not a string of 20-byte hashes");
  const name = text(info.name, "'name'");
  const multiFile = Array.isArray(info.files);
  if (multiFile === (info.length !== undefined)) throw new Error("metainfo: exactly one of 'length' and 'files' must be present");
  const files: TorrentFile[] = multiFile
    ? (info.files as Decoded[]).map((file, i) => {
        if (!Array.isArray(file.path) || file.path.length === 0) throw new Error(`metainfo: file ${i} has no path`);
        const path = (file.path as unknown[]).map((part) => text(part, `a path component of file ${i}`));
        if (path.some((part) => part === '' || part === '.' || part === '..' || part.includes('/'))) throw new Error(`metainfo: file ${i} has an unsafe path`);
        return { path, length: integer(file.length, `the length of file ${i}`) };
      })
    : [{ path: [name], length: integer(info.length, "'length'") }];
  const totalLength = files.reduce((sum, file) => sum + file.length, 0);
  const pieceHashes = Array.from({ length: pieces.length / 20 }, (_, i) => Buffer.from(pieces.subarray(i * 20, i * 20 + 20)));
  if (pieceHashes.length !== Math.ceil(totalLength / pieceLength)) {
    throw new Error(`metainfo: ${pieceHashes.length} piece hashes for ${totalLength} bytes in pieces of ${pieceLength}`);
  }
  // A canonical .torrent re-encodes to the same bytes, so its info hash is the SHA-1 of the re-encoding.
  const infoHash = createHash('sha1').update(bencode.encode(info)).digest();
  return { announce: top.announce === undefined ? '' : text(top.announce, "'announce'"), name, infoHash, pieceLength, pieceHashes, files, totalLength, multiFile };
}

export function readMetainfo(file: string): Metainfo {
  return parseMetainfo(readFileSync(file));
}

/** The length of piece `index` (the last one may be short). */
export function pieceSize(metainfo: Metainfo, index: number): number {
  return Math.min(metainfo.pieceLength, metainfo.totalLength - index * metainfo.pieceLength);
}
