import { createHash } from 'node:crypto';
import bencode from 'bencode';

/**
 * Creating a metainfo (.torrent) file (BEP 3, "metainfo files"): the content is cut into pieces
 * of `pieceLength` bytes (files concatenated in order for a multi-file torrent) and each piece's
 * SHA-1 goes into 'pieces'.
 */

export interface MetainfoSource {
  announce: string;
  name: string;
  pieceLength: number;
  /** One entry without `path` for a single-file torrent; otherwise each file's path below `name`. */
  files: { path?: string[]; data: Uint8Array }[];
}

export function pieceHashes(content: Uint8Array, pieceLength: number): Buffer {
  const hashes: Buffer[] = [];
  for (let at = 0; at < content.length; at += pieceLength) {
    hashes.push(createHash('sha1').update(content.subarray(at, at + pieceLength)).digest());
  }
  return Buffer.concat(hashes);
}

export function createMetainfo(source: MetainfoSource): Buffer {
  if (!Number.isInteger(source.pieceLength) || source.pieceLength <= 0) throw new Error('piece length must be a positive integer');
  const single = source.files.length === 1 && source.files[0]?.path === undefined;
  const content = Buffer.concat(source.files.map((file) => Buffer.from(file.data)));
  const info: Record<string, unknown> = { name: source.name, 'piece length': source.pieceLength, pieces: pieceHashes(content, source.pieceLength) };
  if (single) info.length = content.length;
  else info.files = source.files.map((file) => ({ length: file.data.length, path: file.path ?? [] }));
  return Buffer.from(bencode.encode({ announce: source.announce, info }));
}
