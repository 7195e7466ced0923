import fc from 'fast-check';
import { deterministicBytes, leechContentLabel } from './fixture-content.ts';
import { pieceSize } from './metainfo.ts';
import type { PeerSession } from './peer-session.ts';
import { unchokeWaitMs } from './peer-session.ts';
import { type BlockRef, type PeerMessage, encodeBitfield } from './peer-wire.ts';

/**
 * The harness as a seeder of the leech torrent, which the peer under test is downloading: it
 * offers pieces, watches the requests that come back and answers them with the fixture content
 * (fixture-content.ts), or with a corrupted copy.
 */

let leechContent: Buffer | undefined;

function contentOf(session: PeerSession): Buffer {
  leechContent ??= deterministicBytes(leechContentLabel, session.metainfo.totalLength);
  return leechContent;
}

/** The share of the read timeout spent listening after the handshake for the remote's bitfield and haves. */
export const settleShare = 0.15;

/**
 * Pieces the harness itself has delivered, per peer under test: a peer that forgets to announce
 * one must not lead the harness to offer it again (that is one rule's failure, not every rule's).
 */
const delivered = new Map<string, Set<number>>();
const deliveredTo = (session: PeerSession): Set<number> => {
  const key = `${session.io.target.host}:${session.io.target.port}/${session.metainfo.infoHash.toString('hex')}`;
  let pieces = delivered.get(key);
  if (!pieces) delivered.set(key, (pieces = new Set()));
  return pieces;
};

/**
 * A piece the remote has neither announced nor received from the harness, chosen by `pick` (a
 * number in [0, 1)); excludes the last piece unless `lastToo`.
 */
export function missingPiece(session: PeerSession, pick: number, lastToo = false): number | undefined {
  const last = session.pieceCount - 1;
  const given = deliveredTo(session);
  const missing = [...Array(session.pieceCount).keys()].filter((i) => !session.remoteHas.has(i) && !given.has(i) && (lastToo || i !== last));
  return missing[Math.floor(pick * missing.length)];
}

/** The draw `missingPiece` consumes: thousandths, which shrink in a few steps (a double takes thousands). */
export const piecePick = (): fc.Arbitrary<number> => fc.integer({ min: 0, max: 999 }).map((thousandths) => thousandths / 1000);

/** Announces exactly `pieces` with a bitfield, and unchokes the remote if asked. */
export async function offer(session: PeerSession, pieces: number[], unchoke: boolean): Promise<void> {
  const bits = encodeBitfield((i) => pieces.includes(i), session.pieceCount);
  const messages: PeerMessage[] = [{ kind: 'bitfield', bits }];
  if (unchoke) messages.push({ kind: 'unchoke' });
  await session.send(...messages);
}

/** The requests received in `messages`. */
export const requestsIn = (messages: PeerMessage[]): BlockRef[] =>
  messages.flatMap((m) => (m.kind === 'request' ? [{ index: m.index, begin: m.begin, length: m.length }] : []));

/** Waits for the first request (up to the unchoke wait), then listens `moreMs` longer; returns every request seen. */
export async function gatherRequests(session: PeerSession, moreMs: number): Promise<BlockRef[]> {
  const start = session.received.length;
  await session.until('a request for an offered piece', (m) => (m.kind === 'request' ? true : undefined), unchokeWaitMs);
  await session.collect(moreMs);
  return requestsIn(session.received.slice(start));
}

/**
 * Answers the remote's requests for piece `index` until every byte of it has been sent once;
 * `corrupt` flips one byte of the first block. Requests for anything else are ignored.
 */
export async function servePiece(session: PeerSession, index: number, corrupt: boolean): Promise<void> {
  const size = pieceSize(session.metainfo, index);
  const content = contentOf(session);
  const base = index * session.metainfo.pieceLength;
  const served = new Set<number>();
  let sentBytes = 0;
  while (sentBytes < size) {
    const request = await session.until(`a request for piece ${index}`, (m) => (m.kind === 'request' && m.index === index ? m : undefined), unchokeWaitMs);
    if (served.has(request.begin) || request.begin + request.length > size || request.length === 0) continue;
    const block = Buffer.from(content.subarray(base + request.begin, base + request.begin + request.length));
    if (corrupt && request.begin === 0) block[0] = (block[0] as number) ^ 0xff;
    served.add(request.begin);
    sentBytes += request.length;
    await session.send({ kind: 'piece', index, begin: request.begin, block });
  }
  if (!corrupt) deliveredTo(session).add(index);
}
