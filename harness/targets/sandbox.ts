import { chown, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SpawnSandbox } from './target-spec.ts';

/**
 * Confinement for a graded student's program. Limits are set with prlimit (util-linux) and
 * inherited by everything the program forks: CPU seconds, data segment size, open files,
 * processes, file size. When rfcheck runs as root the program is also moved to user `nobody`
 * with setpriv — the kernel does not enforce the process limit on root, and nobody cannot write
 * outside its private directory. The program gets a private working directory as HOME and
 * TMPDIR and a minimal environment; its output is kept only as a bounded tail. Its process group
 * is killed when grading of the student ends (SpawnedProcess.stop), children included.
 */
export interface SandboxLimits {
  cpuSeconds: number;
  memoryMb: number;
  openFiles: number;
  processes: number;
  outputKb: number;
}

export const defaultSandboxLimits: SandboxLimits = { cpuSeconds: 60, memoryMb: 512, openFiles: 256, processes: 64, outputKb: 64 };

const nobody = 65534;

export async function prepareSandbox(limits: SandboxLimits, privateDir: string): Promise<SpawnSandbox> {
  const tmp = path.join(privateDir, 'tmp');
  await mkdir(tmp, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chownTree(privateDir);
  const wrapper = [
    'prlimit',
    `--cpu=${limits.cpuSeconds}`,
    `--data=${limits.memoryMb * 1024 * 1024}`,
    `--nofile=${limits.openFiles}`,
    `--nproc=${limits.processes}`,
    `--fsize=${64 * 1024 * 1024}`,
    '--',
    ...(asRoot ? ['setpriv', `--reuid=${nobody}`, `--regid=${nobody}`, '--clear-groups', '--'] : []),
  ];
  return {
    wrapper,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: privateDir, TMPDIR: tmp, LANG: 'C.UTF-8' },
    outputCapBytes: limits.outputKb * 1024,
  };
}

async function chownTree(dir: string): Promise<void> {
  await chown(dir, nobody, nobody);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(full);
    else if (!entry.isSymbolicLink()) await chown(full, nobody, nobody);
  }
}
