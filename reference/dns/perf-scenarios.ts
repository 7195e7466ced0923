import { fixturesDir } from '../../harness/core/catalogue.ts';
import { UsageError } from '../../harness/core/errors.ts';
import { integerFlag } from '../../harness/cli/flags.ts';
import { type PerfScenario, decimalFlag, stringValue } from '../../harness/perf/perf-scenario.ts';
import { type HopRtts, measureResolutionTimes } from './resolution-timing.ts';

/**
 * `rfcheck perf dns`: iterated, recursive and cached resolution through emulated links against
 * the sum of the hop RTTs (resolution-timing.ts). `--rtt` sets every hop; `--rtt-client`,
 * `--rtt-root`, `--rtt-tld`, `--rtt-auth` set one each.
 */

interface DnsOptions {
  rttMs: HopRtts;
  samples: number;
  hierarchyPort?: number;
}

const defaultRttMs = 20;
const hopFlags = { client: 'rtt-client', root: 'rtt-root', tld: 'rtt-tld', auth: 'rtt-auth' } as const;

const dns: PerfScenario<DnsOptions> = {
  summary: 'iterated and recursive resolution against the sum of hop RTTs; a cached answer against one',
  flags: {
    'rtt-client': { type: 'string', value: 'MS', help: `RTT host ↔ local resolver (--rtt, else ${defaultRttMs})` },
    'rtt-root': { type: 'string', value: 'MS', help: 'RTT to the root server (--rtt, else 20)' },
    'rtt-tld': { type: 'string', value: 'MS', help: 'RTT to the edu TLD server (--rtt, else 20)' },
    'rtt-auth': { type: 'string', value: 'MS', help: 'RTT to the authoritative server dns.umass.edu (--rtt, else 20)' },
    samples: { type: 'string', value: 'N', help: 'resolutions of each kind; the median is reported (5)' },
    'hierarchy-port': { type: 'string', value: 'PORT', help: 'port of root, TLD and authoritative on 127.0.0.11-13 (any free one; required with --target)' },
  },
  target:
    'a recursive resolver whose root is 127.0.0.11 on --hierarchy-port (root hints fixtures/dns/hierarchy/course.hints; e.g. unbound: stub-zone "." with stub-addr 127.0.0.11@PORT)',
  parse(values, settings) {
    const rtt = (hop: keyof typeof hopFlags): number => decimalFlag(stringValue(values, hopFlags[hop]), hopFlags[hop], 0, 5000) ?? settings.rttMs ?? defaultRttMs;
    const options: DnsOptions = {
      rttMs: { client: rtt('client'), root: rtt('root'), tld: rtt('tld'), auth: rtt('auth') },
      samples: integerFlag(stringValue(values, 'samples'), 'samples', 5, 1, 100),
    };
    const port = stringValue(values, 'hierarchy-port');
    if (port !== undefined) options.hierarchyPort = integerFlag(port, 'hierarchy-port', 0, 1024, 65535);
    if (settings.target && options.hierarchyPort === undefined) {
      throw new UsageError('perf dns --target needs --hierarchy-port PORT: the resolver under test must be configured with the root 127.0.0.11 on that port');
    }
    return options;
  },
  run: (settings, options) =>
    measureResolutionTimes({
      rttMs: options.rttMs,
      samples: options.samples,
      fixturesDir,
      ...(settings.target ? { target: settings.target } : {}),
      ...(options.hierarchyPort !== undefined ? { hierarchyPort: options.hierarchyPort } : {}),
      ...(settings.onRecord ? { onRecord: settings.onRecord } : {}),
    }),
};

export const perfScenarios: Record<string, PerfScenario> = { dns };
