import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir, loadSuites } from '../../../harness/core/catalogue.ts';
import { TargetUnreachable, UsageError } from '../../../harness/core/errors.ts';
import { stopGraceMs } from '../../../harness/targets/spawned-process.ts';
import { startTarget } from '../../../harness/targets/start-target.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';

const students = path.join(fixturesDir, 'echo', 'students');
const options = { fixturesDir, startTimeoutMs: 4000, limits: defaultWireLimits };

async function suite(name: string) {
  const found = (await loadSuites()).find((s) => s.name === name);
  if (!found) throw new Error(name);
  return found;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie is dead for our purposes.
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2]?.startsWith('Z');
  } catch {
    return false;
  }
}

describe('spawned targets', () => {
  it('waits until a UDP program binds, and reports its output', async () => {
    const target = await startTarget(await suite('echo-udp'), { kind: 'spawn', command: `python3 ${students}/udp_uppercase_server.py {port}` }, options);
    try {
      expect(target.endpoint.port).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 100));
      expect(target.log()).toContain(`ready on ${target.endpoint.port}`);
    } finally {
      await target.close();
    }
  });

  it('says why when the program dies before listening', async () => {
    const start = startTarget(await suite('echo-tcp'), { kind: 'spawn', command: `python3 ${students}/crashes_at_start.py {port}` }, options);
    await expect(start).rejects.toThrow(TargetUnreachable);
    await expect(start).rejects.toThrow(/exited with status 1 before listening.*NameError/);
  });

  it('gives up at the start deadline when the program never listens, and kills it', async () => {
    const started = Date.now();
    const start = startTarget(await suite('echo-tcp'), { kind: 'spawn', command: `python3 ${students}/never_listens.py {port}` }, { ...options, startTimeoutMs: 500 });
    await expect(start).rejects.toThrow(/did not listen \(tcp\) on 127\.0\.0\.1:\d+ within 500 ms/);
    expect(Date.now() - started).toBeLessThan(4000);
    const leftovers = execFileSync('sh', ['-c', 'pgrep -f "never_[l]istens.py" || true']).toString().trim();
    expect(leftovers).toBe('');
  });

  it('kills the whole process group, children included', async () => {
    const command = `sleep 300 & echo "child $!" >&2; exec python3 ${students}/tcp_uppercase_server.py {port}`;
    const target = await startTarget(await suite('echo-tcp'), { kind: 'spawn', command }, options);
    await new Promise((r) => setTimeout(r, 100));
    const child = Number(/child (\d+)/.exec(target.log() ?? '')?.[1]);
    expect(processAlive(child)).toBe(true);
    await target.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(processAlive(child)).toBe(false);
  });

  it('gives a program that shuts down on SIGTERM time to finish, and waits no longer than it takes', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-stop-grace-'));
    try {
      const marker = path.join(folder, 'flushed');
      // The shell stands for a server that takes 1.5 s to flush what it acknowledged, then exits.
      const command = `python3 ${students}/tcp_uppercase_server.py {port} & trap 'sleep 1.5; echo done > ${marker}; exit 0' TERM; wait`;
      const target = await startTarget(await suite('echo-tcp'), { kind: 'spawn', command }, options);
      const stopping = Date.now();
      await target.close();
      expect(readFileSync(marker, 'utf8')).toBe('done\n');
      expect(target.exitStatus()).toBe('exited with status 0');
      expect(Date.now() - stopping).toBeLessThan(stopGraceMs);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a spawn command without {port}', async () => {
    await expect(startTarget(await suite('echo-tcp'), { kind: 'spawn', command: 'python3 x.py' }, options)).rejects.toThrow(UsageError);
  });
});
