import { fixturesDir } from '../harness/core/catalogue.ts';
import { measureResolution } from '../reference/dns/resolution-perf.ts';

/**
 * Iterated resolution against the sum of hop RTTs, and a cached answer against one hop, with the
 * reference resolver and the dns-resolver suite's hierarchy (127.0.53.1-3 port 53: run as root,
 * and not while the dns-resolver tests run).
 *   npx tsx bench/dns-resolution.ts [hop RTT in ms, default 20] [samples, default 10]
 */
const hopRttMs = Number(process.argv[2] ?? 20);
const samples = Number(process.argv[3] ?? 10);
if (!Number.isFinite(hopRttMs) || hopRttMs < 0 || !Number.isInteger(samples) || samples < 1) {
  process.stderr.write('usage: npx tsx bench/dns-resolution.ts [hop RTT ms >= 0] [samples >= 1]\n');
  process.exit(2);
}
for (const record of await measureResolution({ hopRttMs, samples, fixturesDir })) {
  process.stdout.write(`${record.scenario.padEnd(14)} measured ${record.measured.toFixed(1)} ${record.unit}  model ${record.model.toFixed(1)} ${record.unit}  ratio ${record.ratio.toFixed(3)}  (hop RTT ${hopRttMs} ms, ${samples} samples)\n`);
}
