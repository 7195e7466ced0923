import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TargetUnreachable } from '../core/errors.ts';

/**
 * A lock shared by every rfcheck process on this machine, for suites that need a fixed resource
 * (the DNS resolver suite's hierarchy lives at fixed loopback addresses on port 53). Taking it
 * is an atomic mkdir; the holder's pid is written inside, so a lock left by a dead process is
 * taken over. Waiters poll until `timeoutMs`.
 */
const lockRoot = path.join(os.tmpdir(), 'rfcheck-locks');

export async function acquireMachineLock(name: string, timeoutMs: number): Promise<() => Promise<void>> {
  await mkdir(lockRoot, { recursive: true });
  const dir = path.join(lockRoot, name.replace(/[^A-Za-z0-9._-]/g, '_'));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(path.join(dir, 'pid'), String(process.pid));
      return () => rm(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await holderIsGone(dir)) {
      await rm(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() >= deadline) {
      throw new TargetUnreachable(`another rfcheck run on this machine holds '${name}' (${dir}); waited ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function holderIsGone(dir: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(await readFile(path.join(dir, 'pid'), 'utf8'));
  } catch {
    // Just created, pid not yet written: the holder is alive.
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
