import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TargetUnreachable } from '../core/errors.ts';

/**
 * A lock shared by every rfcheck process on this machine, for suites that need a fixed resource
 * (the DNS resolver suite's hierarchy lives at fixed loopback addresses on port 53). Taking it
 * is an atomic mkdir; the holder's pid is written inside, so a lock left by a dead process is
 * taken over. Waiters poll until `timeoutMs`, in turn: a waiter leaves a ticket in the lock's
 * queue folder, and the lock goes to the oldest live ticket, so a holder that releases and
 * takes the lock again at once (a mutant matrix running suite after suite) cannot starve a
 * process that has been waiting.
 */
const lockRoot = path.join(os.tmpdir(), 'rfcheck-locks');

export async function acquireMachineLock(name: string, timeoutMs: number): Promise<() => Promise<void>> {
  await mkdir(lockRoot, { recursive: true });
  const dir = path.join(lockRoot, name.replace(/[^A-Za-z0-9._-]/g, '_'));
  const queue = `${dir}.queue`;
  const deadline = Date.now() + timeoutMs;
  let ticket: string | undefined;
  try {
    for (;;) {
      if (await isMyTurn(queue, ticket)) {
        try {
          await mkdir(dir);
          await writeFile(path.join(dir, 'pid'), String(process.pid));
          return () => rm(dir, { recursive: true, force: true });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        if (await holderIsGone(path.join(dir, 'pid'))) {
          await rm(dir, { recursive: true, force: true });
          continue;
        }
      }
      ticket ??= await takeTicket(queue);
      if (Date.now() >= deadline) {
        throw new TargetUnreachable(`another rfcheck run on this machine holds '${name}' (${dir}); waited ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    if (ticket) await rm(path.join(queue, ticket), { force: true });
  }
}

/** Tickets sort by the time they were taken: `<ms, 15 digits>-<pid>-<random>`. */
async function takeTicket(queue: string): Promise<string> {
  await mkdir(queue, { recursive: true });
  const ticket = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(path.join(queue, ticket), '');
  return ticket;
}

/** Nobody live waits ahead: no ticket at all, or ours is the oldest (dead waiters' tickets are cleared). */
async function isMyTurn(queue: string, ticket: string | undefined): Promise<boolean> {
  let tickets: string[];
  try {
    tickets = (await readdir(queue)).sort();
  } catch {
    return true;
  }
  for (const other of tickets) {
    if (other === ticket) return true;
    const pid = Number(other.split('-')[1]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) return false;
    await rm(path.join(queue, other), { force: true });
  }
  return ticket === undefined;
}

async function holderIsGone(pidFile: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(await readFile(pidFile, 'utf8'));
  } catch {
    // Just created, pid not yet written: the holder is alive.
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return true;
  return !isAlive(pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
