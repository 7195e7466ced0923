import { fixturesDir } from '../harness/core/catalogue.ts';
import { perfLine } from '../harness/perf/perf-table.ts';
import { measureResolutionTimes } from '../reference/dns/resolution-timing.ts';

/**
 * Iterated and recursive resolution against the sum of hop RTTs, and a cached answer against one
 * hop: the same measurement as `rfcheck perf dns` (reference/dns/perf-scenarios.ts), with one RTT
 * for every hop. The hierarchy listens on 127.0.0.11-13 on a high port: no root needed.
 *   npx tsx bench/dns-resolution.ts [hop RTT in ms, default 20] [samples, default 10]
 */
const hopRttMs = Number(process.argv[2] ?? 20);
const samples = Number(process.argv[3] ?? 10);
if (!Number.isFinite(hopRttMs) || hopRttMs < 0 || !Number.isInteger(samples) || samples < 1) {
  process.stderr.write('usage: npx tsx bench/dns-resolution.ts [hop RTT ms >= 0] [samples >= 1]\n');
  process.exit(2);
}
const rttMs = { client: hopRttMs, root: hopRttMs, tld: hopRttMs, auth: hopRttMs };
for (const record of await measureResolutionTimes({ rttMs, samples, fixturesDir })) process.stdout.write(`${perfLine(record)}\n`);
