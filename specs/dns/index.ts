import type { SuiteSpec } from '../../harness/core/suite.ts';
import characterCase from './rfc1035-2.3.3-character-case.ts';
import names from './rfc1035-3.1-name-space.ts';
import mx from './rfc1035-3.3.9-mx.ts';
import header from './rfc1035-4.1.1-header.ts';
import question from './rfc1035-4.1.2-question.ts';
import resourceRecord from './rfc1035-4.1.3-resource-record.ts';
import compression from './rfc1035-4.1.4-compression.ts';
import udpUsage from './rfc1035-4.2.1-udp-usage.ts';
import tcpUsage from './rfc1035-4.2.2-tcp-usage.ts';
import lookup from './rfc1034-4.3.2-lookup.ts';
import { addressRules, portRules } from './rfc2181-4-reply-source.ts';
import { ttlRules, wholeRules } from './rfc2181-5-rrsets.ts';
import tcBit from './rfc2181-9-tc-bit.ts';
import negative from './rfc2308-3-negative-answers.ts';
import { emptyNonTerminalRules, existenceRules, synthesisRules, typeMatchingRules } from './rfc4592-wildcards.ts';
import { basicRules, payloadRules, selectionRules, supportRules, transportRules, versionRules } from './rfc6891-edns.ts';
import { pipeliningRules, reuseRules } from './rfc7766-6.2.1-connection-reuse.ts';


export const suites: SuiteSpec[] = [
  {
    name: 'dns-auth',
    title: 'Authoritative DNS server (RFC 1034/1035, 2181, 2308, 4592, 6891, 7766)',
    transport: 'udp',
    fixtures: 'dns',
    rules: [
      ...header,
      ...question,
      ...resourceRecord,
      ...compression,
      ...names,
      ...characterCase,
      ...udpUsage,
      ...tcpUsage,
      ...reuseRules,
      ...pipeliningRules,
      ...addressRules,
      ...portRules,
      ...lookup,
      ...mx,
      ...wholeRules,
      ...ttlRules,
      ...tcBit,
      ...negative,
      ...synthesisRules,
      ...typeMatchingRules,
      ...existenceRules,
      ...emptyNonTerminalRules,
      ...supportRules,
      ...transportRules,
      ...basicRules,
      ...versionRules,
      ...payloadRules,
      ...selectionRules,
    ],
  },
];
