import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { ConnectionClosed, NoReply } from '../../harness/core/errors.ts';
import { expectEqual, expectThat, violation } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { PeerSession, fixtureMetainfo } from './peer-session.ts';
import { decodeHandshake, encodeHandshake, handshakeLength, protocolName } from './peer-wire.ts';

/**
 * BEP 3, section "peer protocol": the handshake (protocol string, reserved bytes, info hash,
 * peer id), the rule that both sides must name the same info hash or the connection is cut, and
 * keep-alives (zero-length messages) that are ignored.
 */

const citation = { suite: 'bittorrent-peer', rfc: 'BEP 3', section: 'peer-protocol', title: 'peer protocol' };

export default section(citation, [
  rule({
    slug: 'handshake-echoes-info-hash',
    level: 'MUST',
    title: "The peer answers a handshake for a torrent it serves with the protocol string and that torrent's info hash",
    sends: 'a handshake for the seed torrent',
    input: fc.constant(null),
    maxRuns: 5,
    check: async (io) => {
      const metainfo = fixtureMetainfo(io.options.fixturesDir, 'seed');
      const session = await PeerSession.open(io, metainfo);
      expectEqual('protocol string', session.handshake.protocol, protocolName);
      expectThat(
        session.handshake.infoHash.equals(metainfo.infoHash),
        'the handshake names another info hash',
        metainfo.infoHash.toString('hex'),
        session.handshake.infoHash.toString('hex'),
      );
    },
  }),
  rule({
    slug: 'unknown-info-hash-severed',
    level: 'MUST',
    title: 'A handshake naming a torrent the peer does not serve gets the connection cut, not a handshake',
    sends: 'a handshake with a random info hash',
    input: fc.uint8Array({ minLength: 20, maxLength: 20 }),
    maxRuns: 10,
    check: async (io, infoHash) => {
      const connection = await io.tcp();
      io.step(`handshake for unknown torrent ${Buffer.from(infoHash).toString('hex').slice(0, 8)}…`);
      await connection.write(encodeHandshake(infoHash, Buffer.concat([Buffer.from('-RC0001-'), randomBytes(12)])));
      try {
        const reply = decodeHandshake(await connection.readExactly(handshakeLength, 'a handshake or the close'));
        violation('the peer answered a handshake for a torrent it does not serve', 'the connection closed', `a handshake for ${reply?.infoHash.toString('hex') ?? '(malformed)'}`);
      } catch (error) {
        if (error instanceof ConnectionClosed) return;
        if (error instanceof NoReply) violation('the peer kept the connection open after an unknown info hash', 'the connection closed', 'still open');
        throw error;
      }
    },
  }),
  rule({
    slug: 'keep-alive-ignored',
    level: 'MUST',
    title: 'Keep-alives (zero-length messages) are ignored: the peer stays connected and serves as before',
    sends: '1–3 keep-alives, interested, then one block request once unchoked',
    input: fc.integer({ min: 1, max: 3 }),
    maxRuns: 10,
    check: async (io, count) => {
      const session = await PeerSession.open(io, fixtureMetainfo(io.options.fixturesDir, 'seed'));
      await session.send(...Array.from({ length: count }, () => ({ kind: 'keep-alive' as const })));
      await session.becomeUnchoked();
      await session.fetchBlock(0, 0, 1024);
    },
  }),
]);
