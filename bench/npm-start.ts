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
    return { wallSeconds: Number(wall), peakRssMiB: Number(rssKiB) / 1024, cpuSeconds: Number(user) + Number(system), exitCode };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
