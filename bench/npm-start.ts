import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../harness/core/catalogue.ts';

export interface StartCost {
  wallSeconds: number;
  /** The largest resident set of any process of the run (GNU time's %M: the tree's peak). */
  peakRssMiB: number;
  /** User plus system CPU time of the tree: far below the wall time means the run mostly waits. */
  cpuSeconds: number;
  exitCode: number;
  /** Each suite's own duration from the run's JSON report (reports/report.json), longest first. */
  suites?: { suite: string; seconds: number }[];
}

/** The suites' durations recorded by `npm start` in reports/report.json, longest first. */
async function suiteDurations(): Promise<StartCost['suites']> {
  try {
    const report = JSON.parse(await readFile(path.join(projectRoot, 'reports', 'report.json'), 'utf8')) as { suites: { suite: string; durationMs: number }[] };
    return report.suites.map((s) => ({ suite: s.suite, seconds: s.durationMs / 1000 })).sort((a, b) => b.seconds - a.seconds);
  } catch {
    return undefined;
  }
}

/**
 * Wall time and peak memory of `npm start` (every suite against its reference, all report
 * formats), measured by GNU time from the `time` package, which reports the largest resident
 * set among the processes it waited for.
 */
export async function measureNpmStart(timeoutS: number): Promise<StartCost> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-bench-start-'));
  const timing = path.join(folder, 'time.txt');
  try {
    const exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn('/usr/bin/time', ['-f', '%e %M %U %S', '-o', timing, 'npm', 'start', '--silent'], { cwd: projectRoot, stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot run /usr/bin/time (package 'time'): ${error.message}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? -1);
      });
    });
    const [wall = 'NaN', rssKiB = 'NaN', user = 'NaN', system = 'NaN'] = (await readFile(timing, 'utf8')).trim().split('\n').pop()?.split(' ') ?? [];
    const cost: StartCost = { wallSeconds: Number(wall), peakRssMiB: Number(rssKiB) / 1024, cpuSeconds: Number(user) + Number(system), exitCode };
    const suites = await suiteDurations();
    if (suites) cost.suites = suites;
    return cost;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
