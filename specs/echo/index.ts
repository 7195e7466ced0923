import type { SuiteSpec } from '../../harness/core/suite.ts';
import tcpRules from './2.7.2-tcp-uppercase-server.ts';
import udpRules from './2.7.1-udp-uppercase-server.ts';

export const suites: SuiteSpec[] = [
  {
    name: 'echo-tcp',
    title: 'Uppercase server over TCP (the course socket app)',
    transport: 'tcp',
    rules: tcpRules,
    fixtures: 'echo',
  },
  {
    name: 'echo-udp',
    title: 'Uppercase server over UDP (the course socket app)',
    transport: 'udp',
    rules: udpRules,
    fixtures: 'echo',
  },
];
