import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { expectEqual, expectThat, violation } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { gatherRequests, missingPiece, offer, piecePick, requestsIn, servePiece, settleShare } from './harness-seeder.ts';
import { pieceSize } from './metainfo.ts';
import { PeerSession, fixtureMetainfo, quietMs, unchokeWaitMs } from './peer-session.ts';
import { type PeerMessage, bitIsSet, blockSize, describeMessage, encodeBitfield } from './peer-wire.ts';

/**
 * BEP 3, section "peer messages": choke/unchoke/interested, have and bitfield, request, piece
 * and cancel, and the choking algorithm described there. The harness plays a remote peer: for
 * the seed torrent it downloads from the peer under test, for the leech torrent it offers
 * pieces the peer under test is missing. BEP 3 writes in lower case; what the wire format and
 * the meaning of a message impose is rated MUST, the conventions it reports (16 KiB requests,
 * four unchoked peers) SHOULD.
 */

const citation = { suite: 'bittorrent-peer', rfc: 'BEP 3', section: 'peer-messages', title: 'peer messages' };

const seedSession = (io: RunIO): Promise<PeerSession> => PeerSession.open(io, fixtureMetainfo(io.options.fixturesDir, 'seed'));

/**
 * A leech-torrent session after the remote's opening announcements have been read: its
 * bitfield, which if sent at all is its first message (BEP 3), so listening stops once it has
 * come; a peer that sends none is given the whole settling time.
 */
async function leechSession(io: RunIO): Promise<PeerSession> {
  const session = await PeerSession.open(io, fixtureMetainfo(io.options.fixturesDir, 'leech'));
  await session.collect(quietMs(io, settleShare), (message) => message.kind === 'bitfield');
  return session;
}

/**
 * A leech-torrent session in which the harness has offered one piece the remote lacks (and
 * unchoked it if asked); not applicable once the remote has every piece.
 */
async function offeredPiece(io: RunIO, pick: number, unchoke: boolean): Promise<{ session: PeerSession; index: number }> {
  const session = await leechSession(io);
  const index = missingPiece(session, pick);
  if (index === undefined) return io.notApplicable('the peer has every piece of the leech torrent');
  await offer(session, [index], unchoke);
  return { session, index };
}

/** A block inside a piece of the seed torrent: 16 KiB-aligned start, 1 byte to 16 KiB long. */
const seedBlock = (io: { options: { fixturesDir: string } }): fc.Arbitrary<{ index: number; begin: number; length: number }> => {
  const metainfo = fixtureMetainfo(io.options.fixturesDir, 'seed');
  return fc
    .integer({ min: 0, max: metainfo.pieceHashes.length - 1 })
    .chain((index) => {
      const size = pieceSize(metainfo, index);
      return fc.integer({ min: 0, max: Math.ceil(size / blockSize) - 1 }).chain((block) => {
        const begin = block * blockSize;
        return fc.integer({ min: 1, max: Math.min(blockSize, size - begin) }).map((length) => ({ index, begin, length }));
      });
    });
};

/** The first piece message that arrived while the remote was choking us, if any. */
function pieceWhileChoked(messages: PeerMessage[]): PeerMessage | undefined {
  let choking = true;
  for (const message of messages) {
    if (message.kind === 'unchoke') choking = false;
    if (message.kind === 'choke') choking = true;
    if (message.kind === 'piece' && choking) return message;
  }
  return undefined;
}

export default section(citation, [
  rule({
    slug: 'bitfield-only-first',
    level: 'MUST',
    title: 'A bitfield, when sent, is the first message after the handshake',
    sends: 'a handshake for the seed torrent, then listens',
    input: fc.constant(null),
    maxRuns: 5,
    check: async (io) => {
      const session = await seedSession(io);
      const messages = (await session.collect(quietMs(io, 0.2))).filter((m) => m.kind !== 'keep-alive');
      const at = messages.findIndex((m) => m.kind === 'bitfield');
      expectThat(at <= 0, `the bitfield came as message ${at + 1}`, 'the bitfield first', messages.slice(0, at + 1).map(describeMessage).join(', '));
    },
  }),
  rule({
    slug: 'bitfield-well-formed',
    level: 'MUST',
    title: 'A bitfield has one bit per piece, rounded up to whole bytes, with the spare bits at the end zero',
    sends: 'a handshake for the seed torrent (15 pieces: 2 bytes, 1 spare bit)',
    input: fc.constant(null),
    maxRuns: 5,
    check: async (io) => {
      const session = await seedSession(io);
      const message = await session.until('the seeder\'s bitfield', (m) => (m.kind === 'bitfield' ? m : undefined));
      const count = session.pieceCount;
      expectEqual('bitfield length in bytes', message.bits.length, Math.ceil(count / 8));
      const spare = [...Array(message.bits.length * 8 - count).keys()].map((i) => count + i).filter((i) => bitIsSet(message.bits, i));
      expectThat(spare.length === 0, `spare bit(s) ${spare.join(', ')} are set`, 'spare bits zero', message.bits.toString('hex'));
    },
  }),
  rule({
    slug: 'no-piece-while-choking',
    level: 'MUST',
    title: 'The peer sends no block to a peer it is choking',
    sends: 'block requests for the seed torrent without ever saying interested',
    input: (setup) => fc.array(seedBlock(setup), { minLength: 1, maxLength: 3 }),
    maxRuns: 10,
    check: async (io, blocks) => {
      const session = await seedSession(io);
      await session.collect(quietMs(io, 0.1));
      await session.send(...blocks.map((b) => ({ kind: 'request' as const, ...b })));
      const offending = pieceWhileChoked(await session.collect(quietMs(io, 0.25)));
      if (offending) violation('a block arrived while the peer was choking us', 'no piece before an unchoke', describeMessage(offending));
    },
  }),
  rule({
    slug: 'piece-echoes-request',
    level: 'MUST',
    title: 'A piece message answers a request with the same index and begin and exactly the requested length',
    sends: 'interested; once unchoked, one request of 1 byte to 16 KiB',
    input: seedBlock,
    maxRuns: 15,
    check: async (io, { index, begin, length }) => {
      const session = await seedSession(io);
      await session.becomeUnchoked();
      const piece = await session.fetchBlock(index, begin, length);
      expectEqual('begin of the piece message', piece.begin, begin);
      expectEqual('length of the block', piece.block.length, length);
    },
  }),
  rule({
    slug: 'piece-data-matches-metainfo',
    level: 'MUST',
    title: "The blocks served for a piece hash (SHA-1) to that piece's hash in the metainfo",
    sends: 'interested; once unchoked, every block of one piece, one request at a time',
    input: (setup) => fc.integer({ min: 0, max: fixtureMetainfo(setup.options.fixturesDir, 'seed').pieceHashes.length - 1 }),
    maxRuns: 10,
    check: async (io, index) => {
      const session = await seedSession(io);
      await session.becomeUnchoked();
      const size = pieceSize(session.metainfo, index);
      const blocks: Buffer[] = [];
      for (let begin = 0; begin < size; begin += blockSize) blocks.push((await session.fetchBlock(index, begin, Math.min(blockSize, size - begin))).block);
      const digest = createHash('sha1').update(Buffer.concat(blocks)).digest();
      const expected = session.metainfo.pieceHashes[index] as Buffer;
      expectThat(digest.equals(expected), `piece ${index} does not match its hash`, expected.toString('hex'), digest.toString('hex'));
    },
  }),
  rule({
    slug: 'out-of-bounds-request-unanswered',
    level: 'SHOULD',
    title: 'A request that runs past the end of its piece (or names no piece) gets no data',
    sends: 'once unchoked, a request crossing a piece end or beyond the last piece, then a valid request',
    input: (setup) => {
      const metainfo = fixtureMetainfo(setup.options.fixturesDir, 'seed');
      const count = metainfo.pieceHashes.length;
      return fc.oneof(
        fc.integer({ min: 0, max: count - 1 }).chain((index) => {
          const size = pieceSize(metainfo, index);
          return fc.integer({ min: 1, max: Math.min(blockSize, size) }).map((over) => ({ index, begin: size - over + 1, length: over }));
        }),
        fc.integer({ min: count, max: count + 10 }).map((index) => ({ index, begin: 0, length: blockSize })),
      );
    },
    maxRuns: 15,
    check: async (io, bad) => {
      const session = await seedSession(io);
      await session.becomeUnchoked();
      await session.send({ kind: 'request', ...bad }, { kind: 'request', index: 0, begin: 0, length: 1024 });
      const start = session.received.length;
      await session.until('the answer to the valid request (or the close)', (m) => (m.kind === 'piece' && m.index === 0 && m.begin === 0 && m.block.length === 1024 ? true : undefined)).catch((error: unknown) => {
        if (!session.connection.closedByTarget) throw error;
      });
      const answered = session.received.slice(start).find((m) => m.kind === 'piece' && m.index === bad.index && m.begin === bad.begin);
      if (answered) violation(`the out-of-bounds request ${bad.index}/${bad.begin}/${bad.length} was answered`, 'no data for it', describeMessage(answered));
    },
  }),
  rule({
    slug: 'seeder-not-interested',
    level: 'MUST',
    title: 'A peer that has every piece does not declare interest in a peer',
    sends: 'a full bitfield for the seed torrent, then listens',
    input: fc.constant(null),
    maxRuns: 5,
    check: async (io) => {
      const session = await seedSession(io);
      await session.send({ kind: 'bitfield', bits: encodeBitfield(() => true, session.pieceCount) });
      const interested = (await session.collect(quietMs(io, 0.25))).some((m) => m.kind === 'interested');
      expectThat(!interested, 'the seeder said interested although it lacks nothing', 'no interested', 'interested');
    },
  }),
  rule({
    slug: 'no-unannounced-piece',
    level: 'MUST',
    title: 'The peer never sends a block of a piece it has not announced',
    sends: 'leech torrent: interested, then a request for a piece the peer has not announced',
    input: piecePick(),
    maxRuns: 10,
    check: async (io, pick) => {
      const session = await leechSession(io);
      await session.send({ kind: 'interested' });
      await session.collect(quietMs(io, 0.15));
      const index = missingPiece(session, pick, true);
      if (index === undefined) return io.notApplicable('the peer has every piece of the leech torrent');
      await session.send({ kind: 'request', index, begin: 0, length: blockSize });
      const sent = (await session.collect(quietMs(io, 0.25))).find((m) => m.kind === 'piece' && m.index === index && !session.remoteHas.has(index));
      if (sent) violation(`the peer sent a block of piece ${index}, which it never announced`, 'no piece message', describeMessage(sent));
    },
  }),
  rule({
    slug: 'have-after-verified-piece',
    level: 'MUST',
    title: 'After receiving a whole piece that matches its hash, the peer announces it with have',
    sends: 'leech torrent: offer one missing piece, unchoke, serve its blocks correctly',
    input: piecePick(),
    maxRuns: 5,
    check: async (io, pick) => {
      const { session, index } = await offeredPiece(io, pick, true);
      await servePiece(session, index, false);
      await session.until(`have ${index}`, (m) => (m.kind === 'have' && m.index === index ? true : undefined), 3000);
    },
  }),
  rule({
    slug: 'bad-piece-not-announced',
    level: 'MUST',
    title: 'A piece whose data fails its hash is not announced (no have)',
    sends: 'leech torrent: offer one missing piece, unchoke, serve it with one byte flipped',
    input: piecePick(),
    maxRuns: 5,
    check: async (io, pick) => {
      const { session, index } = await offeredPiece(io, pick, true);
      await servePiece(session, index, true);
      const have = (await session.collect(quietMs(io, 0.3))).find((m) => m.kind === 'have' && m.index === index);
      if (have) violation(`the peer announced piece ${index} although its data was corrupted`, 'no have', describeMessage(have));
    },
  }),
  rule({
    slug: 'bitfield-includes-announced-haves',
    level: 'MUST',
    title: 'A piece the peer has completed is in the bitfield it sends to peers that connect afterwards',
    sends: 'leech torrent: serve one missing piece correctly, then connect again and read the bitfield',
    input: piecePick(),
    maxRuns: 5,
    check: async (io, pick) => {
      const { session: first, index } = await offeredPiece(io, pick, true);
      await servePiece(first, index, false);
      // The peer needs a moment to check the piece; a later connection must then hear of it.
      const deadline = Date.now() + 3000;
      let announced = false;
      while (!announced && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, quietMs(io, 0.1)));
        announced = (await leechSession(io)).remoteHas.has(index);
      }
      expectThat(announced, `a new connection is not told of piece ${index}`, `piece ${index} in the bitfield`, 'missing');
    },
  }),
  rule({
    slug: 'requests-within-piece-bounds',
    level: 'MUST',
    title: 'Every request names an offered piece and ends inside it (the short last piece included)',
    sends: 'leech torrent: offer the last piece (or a missing one), unchoke, read the requests',
    input: piecePick(),
    maxRuns: 5,
    check: async (io, pick) => {
      const session = await leechSession(io);
      const last = session.pieceCount - 1;
      const index = session.remoteHas.has(last) ? missingPiece(session, pick) : last;
      if (index === undefined) return io.notApplicable('the peer has every piece of the leech torrent');
      await offer(session, [index], true);
      const size = pieceSize(session.metainfo, index);
      const bad = (await gatherRequests(session, quietMs(io, 0.25))).find((r) => r.index !== index || r.begin + r.length > size);
      if (bad) violation(`request ${bad.index}/${bad.begin}/${bad.length} is outside the offered piece ${index} (${size} bytes)`, `within piece ${index}`, `${bad.index}/${bad.begin}/${bad.length}`);
    },
  }),
  rule({
    slug: 'requests-at-most-16-kib',
    level: 'SHOULD',
    title: 'Requests ask for at most 16 KiB each',
    sends: 'leech torrent: offer a missing piece, unchoke, read the requests',
    input: piecePick(),
    maxRuns: 5,
    check: async (io, pick) => {
      const { session } = await offeredPiece(io, pick, true);
      const large = (await gatherRequests(session, quietMs(io, 0.25))).find((r) => r.length > blockSize);
      if (large) violation(`a request asks for ${large.length} bytes`, `at most ${blockSize}`, String(large.length));
    },
  }),
  rule({
    slug: 'no-request-while-choked',
    level: 'SHOULD',
    title: 'The peer does not request blocks from a peer that is choking it',
    sends: 'leech torrent: offer a missing piece but never unchoke',
    input: piecePick(),
    maxRuns: 5,
    check: async (io, pick) => {
      const { session } = await offeredPiece(io, pick, false);
      const requests = requestsIn(await session.collect(quietMs(io, 0.3)));
      expectThat(requests.length === 0, `${requests.length} request(s) arrived while we were choking the peer`, 'no request', requests.map((r) => `${r.index}/${r.begin}/${r.length}`).join(', '));
    },
  }),
  rule({
    slug: 'at-most-five-unchoked',
    level: 'SHOULD',
    title: 'Of many interested peers, at most four regular plus one optimistic are unchoked at once',
    sends: '7 connections to the seed torrent, each interested; counts the unchoked ones',
    input: fc.constant(7),
    maxRuns: 2,
    check: async (io, count) => {
      const sessions = await Promise.all(Array.from({ length: count }, () => seedSession(io)));
      await Promise.all(sessions.map((s) => s.send({ kind: 'interested' })));
      const deadline = Date.now() + unchokeWaitMs;
      while (sessions.every((s) => s.remoteChoking) && Date.now() < deadline) await Promise.all(sessions.map((s) => s.collect(quietMs(io, 0.1))));
      await Promise.all(sessions.map((s) => s.collect(quietMs(io, 0.25))));
      const unchoked = sessions.filter((s) => !s.remoteChoking).length;
      expectThat(unchoked <= 5, `${unchoked} of ${count} interested peers are unchoked at once`, 'at most 5', String(unchoked));
    },
  }),
]);
