import fc from 'fast-check';
import { expectThat, violation } from '../../harness/core/expect.ts';
import { section } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { httpGet } from './http-get.ts';
import { asBytes, asDict, asInteger, decodeWhole, describe } from './strict-bencode.ts';
import { bytesLeft, distinctSwarms, infoHashOfWrongLength, leecherLeft, peerId, swarm } from './tracker-arbitraries.ts';
import { freshPeers } from './fresh-peers.ts';
import { type AnnounceRequest, announce, announceAccepted, announceParameters, listedPeers, replyDictionary } from './tracker-client.ts';
import type { HttpReply } from './http-get.ts';
import { trackerRule } from './tracker-rule.ts';

/**
 * BEP 3, section "trackers": the announce request and the bencoded response. BEP 3 writes its
 * requirements in lower case; a response's shape ("it must have ... interval ... and peers") is
 * rated MUST, behaviour the BEP implies without a key word (dropping a stopped peer, refusing a
 * malformed request) SHOULD.
 */

const citation = { suite: 'bittorrent-tracker', rfc: 'BEP 3', section: 'trackers', title: 'Trackers' };

const listedPorts = (dictionary: Parameters<typeof listedPeers>[0]): number[] => listedPeers(dictionary).map((peer) => peer.port);

/** A refusal: an HTTP error status, or a 200 whose dictionary has a failure reason and no peers. */
function expectRefused(reply: HttpReply, what: string): void {
  if (reply.status >= 400 && reply.status <= 599) return;
  expectThat(reply.status === 200, `${what} was answered with HTTP ${reply.status}`, 'an HTTP error status or a failure reason', `HTTP ${reply.status}`);
  const dictionary = replyDictionary(reply, `the answer to ${what}`);
  const failure = dictionary.get('failure reason');
  if (failure === undefined) violation(`${what} was accepted`, "a 'failure reason'", describe(dictionary));
  asBytes(failure, "'failure reason'");
  expectThat(!dictionary.has('peers'), `the refusal of ${what} still lists peers`, 'no peers', describe(dictionary.get('peers')));
}

async function announceWithout(io: RunIO, request: AnnounceRequest, leaveOut: string): Promise<HttpReply> {
  io.step(`announce without '${leaveOut}'`);
  return httpGet(io, '/announce', announceParameters(request).filter(([name]) => name !== leaveOut));
}

export default section(citation, [
  trackerRule({
    slug: 'response-is-one-bencoded-dictionary',
    level: 'MUST',
    title: 'An announce is answered with HTTP 200 and a body that is exactly one bencoded dictionary',
    sends: 'one announce with or without event=started',
    input: (setup) => fc.record({ hash: swarm(setup), left: bytesLeft(), started: fc.boolean() }),
    check: async (io, { hash, left, started }) => {
      const [me] = freshPeers(1);
      const reply = await announce(io, { infoHash: hash, peerId: me!.peerId, port: me!.port, left, event: started ? 'started' : undefined });
      expectThat(reply.status === 200, `the announce was answered with HTTP ${reply.status}`, 'HTTP 200', `HTTP ${reply.status}`);
      asDict(decodeWhole(reply.body, 'the announce response'), 'the announce response');
    },
  }),
  trackerRule({
    slug: 'interval-is-positive-integer',
    level: 'MUST',
    title: "A successful announce response carries 'interval', a positive integer number of seconds",
    sends: 'one announce',
    input: (setup) => fc.record({ hash: swarm(setup), left: bytesLeft() }),
    check: async (io, { hash, left }) => {
      const [me] = freshPeers(1);
      const dictionary = await announceAccepted(io, { infoHash: hash, peerId: me!.peerId, port: me!.port, left });
      const interval = asInteger(dictionary.get('interval'), "'interval'");
      expectThat(interval > 0n, `'interval' is ${interval}`, 'a positive number of seconds', String(interval));
    },
  }),
  trackerRule({
    slug: 'peers-key-present',
    level: 'MUST',
    title: "A successful announce response carries 'peers', whether the announcer is a seeder or a leecher",
    sends: 'one announce, left=0 (seeder) or more',
    input: (setup) => fc.record({ hash: swarm(setup), left: bytesLeft() }),
    check: async (io, { hash, left }) => {
      const [me] = freshPeers(1);
      const dictionary = await announceAccepted(io, { infoHash: hash, peerId: me!.peerId, port: me!.port, left });
      const peers = dictionary.get('peers');
      expectThat(Buffer.isBuffer(peers) || Array.isArray(peers), "the response has no 'peers' string or list", "'peers'", describe(peers));
    },
  }),
  trackerRule({
    slug: 'announced-peer-listed',
    level: 'MUST',
    title: 'A peer that announced is listed, with the port it announced, to the next peer of the same swarm',
    sends: 'leecher A announces, then leecher B; looks for A in B\'s list',
    input: (setup) => fc.record({ hash: swarm(setup), leftA: leecherLeft(), leftB: leecherLeft() }),
    check: async (io, { hash, leftA, leftB }) => {
      const [a, b] = freshPeers(2);
      await announceAccepted(io, { infoHash: hash, peerId: a!.peerId, port: a!.port, left: leftA, event: 'started' });
      const ports = listedPorts(await announceAccepted(io, { infoHash: hash, peerId: b!.peerId, port: b!.port, left: leftB, event: 'started' }));
      expectThat(ports.includes(a!.port), `peer A (port ${a!.port}) is missing from B's list`, `a peer with port ${a!.port}`, `ports ${ports.join(', ') || '(none)'}`);
    },
  }),
  trackerRule({
    slug: 'peers-of-same-swarm-only',
    level: 'MUST',
    title: 'The peer list of a swarm names only peers that announced that same info hash',
    sends: 'A announces swarm 1, B announces swarm 2; A must not be in B\'s list',
    input: (setup) => fc.record({ hashes: distinctSwarms(setup, 2), left: leecherLeft() }),
    check: async (io, { hashes: [one, two], left }) => {
      const [a, b] = freshPeers(2);
      await announceAccepted(io, { infoHash: one!, peerId: a!.peerId, port: a!.port, left, event: 'started' });
      const ports = listedPorts(await announceAccepted(io, { infoHash: two!, peerId: b!.peerId, port: b!.port, left, event: 'started' }));
      expectThat(!ports.includes(a!.port), `a peer of another swarm (port ${a!.port}) is listed`, 'peers of this swarm only', `ports ${ports.join(', ')}`);
    },
  }),
  trackerRule({
    slug: 'stopped-peer-dropped',
    level: 'SHOULD',
    title: 'A peer that announced event=stopped is no longer handed out',
    sends: 'A and C announce; C announces stopped; A re-announces and must not see C',
    input: (setup) => fc.record({ hash: swarm(setup), left: leecherLeft() }),
    check: async (io, { hash, left }) => {
      const [a, c] = freshPeers(2);
      await announceAccepted(io, { infoHash: hash, peerId: a!.peerId, port: a!.port, left, event: 'started' });
      await announceAccepted(io, { infoHash: hash, peerId: c!.peerId, port: c!.port, left, event: 'started' });
      await announce(io, { infoHash: hash, peerId: c!.peerId, port: c!.port, left, event: 'stopped' });
      const ports = listedPorts(await announceAccepted(io, { infoHash: hash, peerId: a!.peerId, port: a!.port, left }));
      expectThat(!ports.includes(c!.port), `the stopped peer (port ${c!.port}) is still listed`, 'no stopped peer', `ports ${ports.join(', ')}`);
    },
  }),
  trackerRule({
    slug: 'bad-info-hash-refused',
    level: 'SHOULD',
    title: 'An announce whose info_hash is not 20 bytes is refused (error status or failure reason) and gets no peers',
    sends: 'an announce with a 1–19 or 21–40 byte info_hash',
    input: fc.record({ hash: infoHashOfWrongLength(), id: peerId(), port: fc.integer({ min: 1024, max: 65535 }) }),
    maxRuns: 20,
    check: async (io, { hash, id, port }) => {
      expectRefused(await announce(io, { infoHash: hash, peerId: id, port, left: 1 }), `an announce with a ${hash.length}-byte info_hash`);
    },
  }),
  trackerRule({
    slug: 'missing-port-refused',
    level: 'SHOULD',
    title: "An announce without 'port' is refused rather than listed with a made-up port",
    sends: "an announce that leaves out 'port'",
    input: (setup) => fc.record({ hash: swarm(setup), id: peerId() }),
    maxRuns: 20,
    check: async (io, { hash, id }) => {
      expectRefused(await announceWithout(io, { infoHash: hash, peerId: id, port: 1, left: 1 }, 'port'), "an announce without 'port'");
    },
  }),
  trackerRule({
    slug: 'peer-dictionaries-complete',
    level: 'MUST',
    title: "With compact=0, each listed peer is a dictionary of 'peer id' (20 bytes), 'ip' (string) and 'port' (integer)",
    sends: 'seeder A announces; B announces with compact=0 and checks A\'s entry',
    input: (setup) => fc.record({ hash: swarm(setup), left: leecherLeft() }),
    check: async (io, { hash, left }) => {
      const [a, b] = freshPeers(2);
      await announceAccepted(io, { infoHash: hash, peerId: a!.peerId, port: a!.port, left: 0, event: 'started' });
      const reply = await announce(io, { infoHash: hash, peerId: b!.peerId, port: b!.port, left, compact: 0 });
      const dictionary = reply.status === 200 ? replyDictionary(reply, 'the announce response') : undefined;
      if (!dictionary || dictionary.has('failure reason')) return io.notApplicable('the tracker refuses compact=0 (BEP 23 lets a tracker serve compact lists only)');
      const list = dictionary.get('peers');
      if (!Array.isArray(list)) violation('with compact=0 the peers are not a list of dictionaries', 'a list', describe(list));
      const entries = list.map((item, i) => asDict(item, `peer ${i}`));
      const entryOfA = entries.find((entry) => entry.get('port') === BigInt(a!.port));
      if (!entryOfA) violation(`peer A (port ${a!.port}) is missing from the list`, `port ${a!.port}`, `${entries.length} entries`);
      const id = asBytes(entryOfA.get('peer id'), "A's 'peer id'");
      expectThat(id.equals(Buffer.from(a!.peerId)), "A's 'peer id' is not the one it announced", Buffer.from(a!.peerId).toString('hex'), id.toString('hex'));
      asBytes(entryOfA.get('ip'), "A's 'ip'");
    },
  }),
]);
