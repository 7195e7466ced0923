import fc from 'fast-check';
import net from 'node:net';
import { expectThat, violation } from '../../harness/core/expect.ts';
import { section } from '../../harness/core/rule.ts';
import { describe } from './strict-bencode.ts';
import { leecherLeft, swarm } from './tracker-arbitraries.ts';
import { freshPeers } from './fresh-peers.ts';
import { announceAccepted, listedPeers } from './tracker-client.ts';
import { trackerRule } from './tracker-rule.ts';

/**
 * BEP 23 (one untitled body of text): with compact=1 the peer list is one string, six bytes per
 * IPv4 peer, the address then the port, both in network byte order. The BEP defines the format
 * with "must"-strength wording (a client can only parse the exact layout), so these are MUST.
 */

const citation = { suite: 'bittorrent-tracker', rfc: 'BEP 23', section: 'compact-peer-lists', title: 'Tracker Returns Compact Peer Lists' };

export default section(citation, [
  trackerRule({
    slug: 'six-bytes-per-peer',
    level: 'MUST',
    title: "With compact=1, 'peers' is a byte string whose length is a multiple of 6",
    sends: 'A announces, then B with compact=1',
    input: (setup) => fc.record({ hash: swarm(setup), left: leecherLeft() }),
    check: async (io, { hash, left }) => {
      const [a, b] = freshPeers(2);
      await announceAccepted(io, { infoHash: hash, peerId: a!.peerId, port: a!.port, left: 0, event: 'started' });
      const dictionary = await announceAccepted(io, { infoHash: hash, peerId: b!.peerId, port: b!.port, left, compact: 1 });
      const peers = dictionary.get('peers');
      if (!Buffer.isBuffer(peers)) violation("with compact=1 'peers' is not a string", 'a string of 6-byte entries', describe(peers));
      expectThat(peers.length % 6 === 0, `'peers' is ${peers.length} bytes long`, 'a multiple of 6', `${peers.length} (${peers.length % 6} bytes over)`);
    },
  }),
  trackerRule({
    slug: 'address-then-port-network-order',
    level: 'MUST',
    title: "A compact entry is the announcer's IPv4 address then its port, both big-endian",
    sends: "seeder A announces over IPv4; B announces with compact=1 and decodes A's entry",
    input: (setup) => fc.record({ hash: swarm(setup), left: leecherLeft() }),
    check: async (io, { hash, left }) => {
      const [a, b] = freshPeers(2);
      if (!net.isIPv4(io.target.host)) io.notApplicable('compact IPv4 entries need a target reached over IPv4');
      await announceAccepted(io, { infoHash: hash, peerId: a!.peerId, port: a!.port, left: 0, event: 'started' });
      const peers = listedPeers(await announceAccepted(io, { infoHash: hash, peerId: b!.peerId, port: b!.port, left, compact: 1 }));
      const entryOfA = peers.find((peer) => peer.port === a!.port);
      if (!entryOfA) return violation(`no compact entry carries A's port ${a!.port} in network byte order`, `port ${a!.port}`, peers.map((p) => p.port).join(', '));
      // The harness announced from the loopback address it reaches the target on.
      expectThat(entryOfA.ip === io.target.host, `A's entry names address ${entryOfA.ip}`, io.target.host, entryOfA.ip);
    },
  }),
]);
