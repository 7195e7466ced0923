import type { SuiteSpec } from '../../harness/core/suite.ts';
import bencodingRules from './bep3-bencoding.ts';
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
  },
];
