import type { SuiteSpec } from '../../harness/core/suite.ts';
import presentationRules from './iso23009-1-media-presentation.ts';
import deliveryRules from './rfc9110-segment-delivery.ts';
import cdnRules from './cdn-redirection.ts';
import { dashFixturesCommand } from './dash-fixtures-command.ts';
import { dashPlayerSuite } from './player/index.ts';

export const suites: SuiteSpec[] = [
  {
    name: 'dash',
    title: 'DASH server: the MPD (ISO/IEC 23009-1) and its segments over HTTP/1.1, with range requests (RFC 9110 §14)',
    rfc: 'ISO/IEC 23009-1',
    transport: 'tcp',
    rules: [...presentationRules, ...deliveryRules],
    fixtures: 'dash',
  },
  {
    name: 'dash-cdn',
    title: 'CDN redirector: DNS answers with the node closest to the client, nodes serving the presentation',
    rfc: 'Kurose & Ross, Computer Networking',
    transport: 'udp',
    rules: cdnRules,
    fixtures: 'dash',
  },
  dashPlayerSuite,
];

export const commands = { 'dash-fixtures': dashFixturesCommand };
