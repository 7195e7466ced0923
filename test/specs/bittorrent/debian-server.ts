import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixturesDir, loadSuites } from '../../../harness/core/catalogue.ts';
import type { SuiteReport } from '../../../harness/report/model.ts';
import { runSuite } from '../../../harness/runner/run-suite.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';
import { testSeed } from '../../support/fixed-seed.ts';
import { findFreePort } from '../../../harness/targets/free-port.ts';
import { SpawnedProcess } from '../../../harness/targets/spawned-process.ts';
import { TcpConnection } from '../../../harness/wire/tcp-connection.ts';
import type { Endpoint } from '../../../harness/wire/limits.ts';

/**
 * Starts a third-party server from Debian as a foreground child on a loopback high port, with
 * its runtime files in a temporary directory; fails (naming the package) when it is missing.
 */

export interface DebianServer {
  endpoint: Endpoint;
  workDir: string;
  output(): string;
  stop(): Promise<void>;
}

export function requireBinary(binary: string, debianPackage: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  const location = found.stdout.trim();
  if (found.status !== 0 || !location) throw new Error(`${binary} is not installed: apt-get install -y ${debianPackage}`);
  return location;
}

/** A world-readable temporary directory (a server that drops privileges must still read it). */
export async function makeWorkDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await chmod(dir, 0o755);
  return dir;
}

/** Copies fixtures/<file> into `dir`, replacing {placeholders}. */
export async function renderFixture(file: string, dir: string, values: Record<string, string>, as = path.basename(file)): Promise<string> {
  let text = await readFile(path.join(fixturesDir, file), 'utf8');
  for (const [name, value] of Object.entries(values)) text = text.replaceAll(`{${name}}`, value);
  const target = path.join(dir, as);
  await writeFile(target, text, { mode: 0o644 });
  return target;
}

export async function copyFixture(file: string, dir: string, as: string): Promise<void> {
  await cp(path.join(fixturesDir, file), path.join(dir, as));
  await chmod(path.join(dir, as), 0o644);
}

/** Starts `command(port)` (which may write its config first) and waits until it listens on that TCP port. */
export async function startDebianServer(workDir: string, command: (port: number) => string | Promise<string>, timeoutMs = 10_000): Promise<DebianServer> {
  const port = await findFreePort('127.0.0.1');
  const endpoint = { host: '127.0.0.1', port };
  const child = SpawnedProcess.start(await command(port), { cwd: workDir });
  const stop = async (): Promise<void> => {
    await child.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.status !== undefined) {
      await stop();
      throw new Error(`the server ${child.status}: ${child.output.toString()}`);
    }
    try {
      (await TcpConnection.open(endpoint, { limits: { readTimeoutMs: 500 } })).close();
      return { endpoint, workDir, output: () => child.output.toString(), stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`the server did not listen on ${port} within ${timeoutMs} ms: ${child.output.toString()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Runs every rule of `suiteName` against a server at `endpoint`. */
export async function runSuiteAt(suiteName: string, endpoint: Endpoint, settings: { runs: number; readTimeoutMs: number; ruleTimeoutMs: number }): Promise<SuiteReport> {
  const suite = (await loadSuites()).find((s) => s.name === suiteName);
  if (!suite) throw new Error(`no suite ${suiteName}`);
  return runSuite(suite, { kind: 'address', endpoint }, {
    seed: testSeed,
    runs: settings.runs,
    ruleTimeoutMs: settings.ruleTimeoutMs,
    startTimeoutMs: 10_000,
    limits: { ...defaultWireLimits, readTimeoutMs: settings.readTimeoutMs },
    strict: false,
    options: { fixturesDir },
    select: () => true,
    replayCommand: (_s, id) => `npx rfcheck replay - ${id}`,
  });
}
