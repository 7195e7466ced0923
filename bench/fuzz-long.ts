import { loadSuites } from '../harness/core/catalogue.ts';
import { UsageError } from '../harness/core/errors.ts';
import { integerFlag, parseFlags } from '../harness/cli/flags.ts';
import { fuzzSuite } from '../harness/fuzz/fuzz-suite.ts';
import { spawnedReference } from '../harness/targets/spawned-reference.ts';
import { benchFuzzSettings, findingLines } from './fuzz-rate.ts';

/**
 * `npx tsx bench/fuzz-long.ts <suite> [--execs 1000000] [--seed 1] [--hours 6]`: the long run
 * of the robustness goal — a million fuzz inputs against one reference with no crash, no hang
 * and bounded memory (the fuzzer's own and the target's resident size are printed at the end).
 * Exit 1 on a finding, or when the time ran out before the inputs did. CI runs the short form
 * (test/harness/fuzz: the echo references fuzzed for two seconds each).
 */
async function main(): Promise<number> {
  const { values, positionals } = parseFlags(process.argv.slice(2), { execs: { type: 'string' }, seed: { type: 'string' }, hours: { type: 'string' }, concurrency: { type: 'string' } });
  const suite = (await loadSuites()).find((s) => s.name === positionals[0]);
  if (!suite || positionals.length !== 1) throw new UsageError('fuzz-long takes one suite name');
  const execs = integerFlag(values.execs, 'execs', 1_000_000, 1, Number.MAX_SAFE_INTEGER);
  const hours = integerFlag(values.hours, 'hours', 6, 1, 168);
  const seed = integerFlag(values.seed, 'seed', 1, 0, 2 ** 31 - 1);
  const settings = benchFuzzSettings(seed, hours * 3_600_000, integerFlag(values.concurrency, 'concurrency', 32, 1, 256), execs);
  let next = Date.now() + 30_000;
  settings.onProgress = (p) => {
    if (Date.now() < next) return;
    next = Date.now() + 30_000;
    const target = p.rssBytes !== undefined ? `, target peak ${(p.rssBytes / 1048576).toFixed(0)} MiB` : '';
    process.stdout.write(`  ${p.execs} inputs, ${Math.round((p.execs * 1000) / p.elapsedMs)}/s, rfcheck ${(process.memoryUsage().rss / 1048576).toFixed(0)} MiB${target}\n`);
  };
  process.stdout.write(`fuzzing the ${suite.name} reference for ${execs} inputs (at most ${hours} h), seed ${seed}\n`);
  const report = await fuzzSuite(suite, spawnedReference(suite.name), settings);
  const { fuzz } = report;
  const mib = (bytes?: number): string => (bytes === undefined ? '?' : (bytes / 1048576).toFixed(0));
  process.stdout.write(`${suite.name}: ${fuzz.execs} inputs in ${(fuzz.elapsedMs / 1000).toFixed(0)} s (${fuzz.execsPerSecond}/s); target ${mib(fuzz.rssStartBytes)} → peak ${mib(fuzz.rssPeakBytes)} MiB; rfcheck ${mib(process.memoryUsage().rss)} MiB; ${report.rules.length} finding(s)\n`);
  for (const line of findingLines(report)) process.stdout.write(`${line}\n`);
  return report.rules.length > 0 || fuzz.execs < execs ? 1 : 0;
}

if (process.argv[1]?.endsWith('fuzz-long.ts')) process.exitCode = await main();
