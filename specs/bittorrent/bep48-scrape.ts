import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { section } from '../../harness/core/rule.ts';
import { leecherLeft, leftMultipleOf4GiB, severalSwarms, swarm } from './tracker-arbitraries.ts';
import { freshPeers } from './fresh-peers.ts';
import { announceAccepted, joinSwarms, scrapeEntry, scrapeFiles, shortHex, swarmCounts } from './tracker-client.ts';
import { trackerRule } from './tracker-rule.ts';

/**
 * BEP 48, "Scrape Response": 'files' maps each asked-for 20-byte info hash to the swarm's
 * counts — complete (active seeders), incomplete (active leechers), downloaded (completions
 * ever). The BEP defines the fields without key words; the layout and meaning of each field is
 * what a client relies on, so the rules are MUST. Counts are checked as differences before and
 * after the harness's own announces, so other clients of the tracker do not disturb them.
 */

const citation = { suite: 'bittorrent-tracker', rfc: 'BEP 48', section: 'scrape-response', title: 'Scrape Response' };

export default section(citation, [
  trackerRule({
    slug: 'files-keyed-by-raw-info-hash',
    level: 'MUST',
    title: "'files' has an entry keyed by the 20 raw bytes of the scraped info hash (not its hex text)",
    sends: 'one announce to a swarm, then a scrape of it',
    input: (setup) => fc.record({ hash: swarm(setup), left: leecherLeft() }),
    maxRuns: 20,
    check: async (io, { hash, left }) => {
      const [me] = freshPeers(1);
      await announceAccepted(io, { infoHash: hash, peerId: me!.peerId, port: me!.port, left, event: 'started' });
      const files = await scrapeFiles(io, [hash]);
      const keys = [...files.keys()].map((key) => JSON.stringify(Buffer.from(key, 'latin1').toString('hex')));
      expectThat(files.has(hash.toString('latin1')), 'no entry is keyed by the raw info hash', `key bytes ${hash.toString('hex')}`, `keys (as hex bytes) ${keys.join(', ') || '(none)'}`);
    },
  }),
  trackerRule({
    slug: 'complete-and-incomplete-counts',
    level: 'MUST',
    title: "A seeder's announce adds one to 'complete' and a leecher's one to 'incomplete'",
    sends: 'scrape; a seeder (left=0) and a leecher announce; scrape again',
    input: (setup) => fc.record({ hash: swarm(setup), left: leecherLeft() }),
    maxRuns: 20,
    check: async (io, { hash, left }) => {
      const [seeder, leecher] = freshPeers(2);
      const before = swarmCounts(await scrapeFiles(io, [hash]), hash);
      await announceAccepted(io, { infoHash: hash, peerId: seeder!.peerId, port: seeder!.port, left: 0, event: 'started' });
      await announceAccepted(io, { infoHash: hash, peerId: leecher!.peerId, port: leecher!.port, left, event: 'started' });
      const after = swarmCounts(await scrapeFiles(io, [hash]), hash);
      expectEqual("growth of 'complete'", after.complete - before.complete, 1n);
      expectEqual("growth of 'incomplete'", after.incomplete - before.incomplete, 1n);
    },
  }),
  trackerRule({
    slug: 'large-left-counts-incomplete',
    level: 'MUST',
    title: "A leecher with a multiple of 4 GiB left counts as 'incomplete', not as a seeder ('left' is not cut to 32 bits)",
    sends: 'scrape; a leecher announces left=k·2^32; scrape again',
    input: (setup) => fc.record({ hash: swarm(setup), left: leftMultipleOf4GiB() }),
    maxRuns: 10,
    check: async (io, { hash, left }) => {
      const [me] = freshPeers(1);
      const before = swarmCounts(await scrapeFiles(io, [hash]), hash);
      await announceAccepted(io, { infoHash: hash, peerId: me!.peerId, port: me!.port, left, event: 'started' });
      const after = swarmCounts(await scrapeFiles(io, [hash]), hash);
      expectEqual("growth of 'incomplete'", after.incomplete - before.incomplete, 1n);
      expectEqual("growth of 'complete'", after.complete - before.complete, 0n);
    },
  }),
  trackerRule({
    slug: 'downloaded-counts-completions',
    level: 'MUST',
    title: "An announce with event=completed adds one to the swarm's 'downloaded'",
    sends: 'scrape; a leecher announces started, then completed with left=0; scrape again',
    input: (setup) => fc.record({ hash: swarm(setup), left: leecherLeft() }),
    maxRuns: 20,
    check: async (io, { hash, left }) => {
      const [me] = freshPeers(1);
      const before = swarmCounts(await scrapeFiles(io, [hash]), hash);
      await announceAccepted(io, { infoHash: hash, peerId: me!.peerId, port: me!.port, left, event: 'started' });
      await announceAccepted(io, { infoHash: hash, peerId: me!.peerId, port: me!.port, left: 0, event: 'completed' });
      const after = swarmCounts(await scrapeFiles(io, [hash]), hash);
      expectEqual("growth of 'downloaded'", after.downloaded - before.downloaded, 1n);
    },
  }),
  trackerRule({
    slug: 'entry-for-every-asked-hash',
    level: 'MUST',
    title: 'A scrape naming several info hashes gets an entry for each of them',
    sends: 'announces to 2–4 swarms, then one scrape naming them all',
    input: severalSwarms,
    maxRuns: 20,
    check: async (io, { hashes, left }) => {
      await joinSwarms(io, hashes, left);
      const files = await scrapeFiles(io, hashes);
      const missing = hashes.filter((hash) => scrapeEntry(files, hash) === undefined);
      expectThat(missing.length === 0, `${missing.length} of ${hashes.length} scraped swarms have no entry`, 'an entry per info hash', `missing ${missing.map((h) => `${shortHex(h)}…`).join(', ')}`);
    },
  }),
]);
