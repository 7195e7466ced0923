import { hierarchyLock } from './fake-hierarchy.ts';
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
import resolverHeader from './rfc1035-4.1.1-resolver-header.ts';
import { algorithmRules, sendingRules } from './rfc1034-5.3.3-resolver-algorithm.ts';
import cacheRules from './rfc1035-7.4-using-the-cache.ts';
import { cachingRules, fromCacheRules } from './rfc2308-negative-caching.ts';
import { matchingRules, spaceRules } from './rfc5452-spoofing.ts';
import ranking from './rfc2181-5.4.1-ranking.ts';
import resolverTransport from './rfc7766-5-resolver-transport.ts';


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
  {
    name: 'dns-resolver',
    title: 'Recursive resolver, judged from the hierarchy the harness plays (RFC 1034/1035, 2181, 2308, 5452, 7766)',
    transport: 'udp',
    fixtures: 'dns',
    typicalSeconds: 12,
    // The hierarchy sits on fixed addresses at port 53: concurrent runs would hear each other.
    exclusive: hierarchyLock,
    rules: [...resolverHeader, ...algorithmRules, ...sendingRules, ...cacheRules, ...cachingRules, ...fromCacheRules, ...matchingRules, ...spaceRules, ...ranking, ...resolverTransport],
  },
];
