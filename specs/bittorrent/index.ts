import type { SuiteSpec } from '../../harness/core/suite.ts';
import bencodingRules from './bep3-bencoding.ts';
import peerMessageRules from './bep3-peer-messages.ts';
import peerProtocolRules from './bep3-peer-protocol.ts';
import trackerRules from './bep3-trackers.ts';
import compactRules from './bep23-compact-peer-lists.ts';
import scrapeRules from './bep48-scrape.ts';

export const suites: SuiteSpec[] = [
  {
    name: 'bittorrent-tracker',
    title: 'BitTorrent HTTP tracker: announce (BEP 3, BEP 23) and scrape (BEP 48)',
    transport: 'tcp',
    rules: [...trackerRules, ...bencodingRules, ...compactRules, ...scrapeRules],
    fixtures: 'bittorrent',
    typicalSeconds: 16,
  },
  {
    name: 'bittorrent-peer',
    title: 'BitTorrent peer: the harness as a remote peer (BEP 3 peer protocol and messages)',
    transport: 'tcp',
    rules: [...peerProtocolRules, ...peerMessageRules],
    fixtures: 'bittorrent',
    typicalSeconds: 40,
  },
];
