import type { SuiteSpec } from '../../harness/core/suite.ts';
import connectionRules from './2.1-initiating-a-connection.ts';
import headerRules from './2.2.1-message-header.ts';
import pingPongRules from './2.2.4-ping-and-pong.ts';
import routingRules from './2.2.7.1-forwarding-and-routing.ts';
import queryHitRules from './2.2.7.3-responding-with-query-hits.ts';

export const suites: SuiteSpec[] = [
  {
    name: 'gnutella',
    title: 'Gnutella 0.6 servent: query flooding, the harness playing its neighbours',
    transport: 'tcp',
    rules: [...connectionRules, ...headerRules, ...pingPongRules, ...routingRules, ...queryHitRules],
    fixtures: 'gnutella',
    typicalSeconds: 28,
  },
];
