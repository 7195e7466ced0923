import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../harness/core/catalogue.ts';
import type { ThroughputComparison } from './http-throughput.ts';

const run = promisify(execFile);

/**
 * The DNS reference against nsd under dnsperf, as bench/dns-qps.sh measures it: this runs
 * that script and reads its figures, so the bench and the script cannot disagree on how the
 * comparison is made.
 */
export async function dnsReferenceVersusNsd(seconds: number, rounds = 3): Promise<ThroughputComparison> {
  const script = path.join(projectRoot, 'bench', 'dns-qps.sh');
  let stdout: string;
  try {
    ({ stdout } = await run('bash', [script, String(seconds), '4', String(rounds)], { cwd: projectRoot, timeout: (2 * rounds * seconds + 60) * 1000 }));
  } catch (error) {
    throw new Error(`bench/dns-qps.sh failed: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  return parseDnsQps(stdout);
}

/**
 * The "nsd: N queries/s" and "reference: N queries/s" lines of bench/dns-qps.sh (the medians
 * of its alternating rounds), and each "round N: …" line when it printed them.
 */
export function parseDnsQps(stdout: string): ThroughputComparison {
  const figure = (label: string): number => {
    const match = new RegExp(`^${label}:\\s+([\\d.]+) queries/s`, 'm').exec(stdout);
    if (!match) throw new Error(`bench/dns-qps.sh printed no '${label}' figure: ${stdout.slice(0, 200)}`);
    return Number(match[1]);
  };
  const oursPerSecond = figure('reference');
  const theirsPerSecond = figure('nsd');
  const ours: number[] = [];
  const theirs: number[] = [];
  for (const match of stdout.matchAll(/^round \d+: reference ([\d.]+) queries\/s, nsd ([\d.]+) queries\/s/gm)) {
    ours.push(Number(match[1]));
    theirs.push(Number(match[2]));
  }
  const comparison: ThroughputComparison = { tool: 'dnsperf', ours: 'dns-auth reference', oursPerSecond, theirs: 'nsd', theirsPerSecond, ratio: oursPerSecond / theirsPerSecond };
  if (ours.length > 0) comparison.rounds = { ours, theirs };
  return comparison;
}
