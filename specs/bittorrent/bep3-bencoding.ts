import { section } from '../../harness/core/rule.ts';
import { httpGet } from './http-get.ts';
import { decodeFirst } from './strict-bencode.ts';
import { severalSwarms } from './tracker-arbitraries.ts';
import { joinSwarms } from './tracker-client.ts';
import { trackerRule } from './tracker-rule.ts';

/**
 * BEP 3, section "bencoding": dictionary keys are strings and must appear sorted as raw byte
 * strings. Binary keys (the info hashes of a scrape) are where a tracker that sorts text, or does
 * not sort at all, goes wrong.
 */

const citation = { suite: 'bittorrent-tracker', rfc: 'BEP 3', section: 'bencoding', title: 'Bencoding' };

export default section(citation, [
  trackerRule({
    slug: 'dictionary-keys-sorted',
    level: 'MUST',
    title: 'Every dictionary of a scrape response has its keys in raw byte order, binary info-hash keys included',
    sends: 'announces to 2–4 swarms, then one scrape naming them in random order',
    input: severalSwarms,
    maxRuns: 20,
    check: async (io, { hashes, left }) => {
      await joinSwarms(io, hashes, left);
      io.step(`scrape the ${hashes.length} swarms in one request`);
      const reply = await httpGet(io, '/scrape', hashes.map((hash) => ['info_hash', hash]));
      decodeFirst(reply.body, 'the scrape response');
    },
  }),
]);
