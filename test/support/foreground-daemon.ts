import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fixturesDir } from '../../harness/core/catalogue.ts';
import { findFreePort } from '../../harness/targets/free-port.ts';
import { isListening } from '../../harness/targets/listening-ports.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';

/**
 * A Debian daemon (nginx, nsd, …) run by a test as a foreground child: its config is a template
 * under fixtures/ filled in with a free loopback high port and a temporary runtime folder (pid,
 * logs, temp files), so nothing touches the system's own config. Readiness is read from the
 * kernel's socket tables (harness/targets/listening-ports.ts), not by connecting, so the server
 * sees no probe client. Its output is kept as a bounded tail for failure messages. stop() sends
 * SIGTERM, then SIGKILL if it lingers, and removes the runtime folder.
 *
 * A missing binary is an error naming the Debian package (listed in .ci/apt-packages): a test
 * never skips because a server is absent.
 */

export interface ForegroundDaemonOptions {
  /** The daemon's name in messages: "nginx". */
  name: string;
  /** Absolute path of its binary: "/usr/sbin/nginx". */
  binary: string;
  /** The Debian package that installs it. */
  debianPackage: string;
  /** The config template, relative to fixtures/: "dash/nginx/nginx.conf.template". */
  configTemplate: string;
  /**
   * Placeholders filled in the template besides the two the helper fills itself: @PORT@ (the
   * TCP port) and @RUNTIME@ (the runtime folder).
   */
  substitutions?: Record<string, string>;
  /** The command line, given the filled config's path and the runtime folder. */
  args: (config: string, runtime: string) => string[];
  /** The TCP port to fill in and wait for (default: a free one). */
  port?: number;
  /** Default 20 s: a loaded machine can be slow to start a process. */
  startTimeoutMs?: number;
  /** How long SIGTERM is given before SIGKILL. Default 5 s. */
  stopTimeoutMs?: number;
  /** How much of the daemon's output (stdout and stderr together) is kept. Default 8,000 characters. */
  outputTailChars?: number;
}

export interface ForegroundDaemon {
  endpoint: Endpoint;
  /** The temporary runtime folder (removed by stop()). */
  runtime: string;
  /** The tail of what the daemon wrote, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export async function startForegroundDaemon(options: ForegroundDaemonOptions): Promise<ForegroundDaemon> {
  if (!existsSync(options.binary)) {
    throw new Error(`${options.binary} not found: install the Debian package '${options.debianPackage}' (listed in .ci/apt-packages)`);
  }
  const runtime = await mkdtemp(path.join(os.tmpdir(), `rfcheck-${options.name}-`));
  const port = options.port ?? (await findFreePort());
  const endpoint = { host: '127.0.0.1', port };
  const template = await readFile(path.join(fixturesDir, options.configTemplate), 'utf8');
  let config = template.replaceAll('@PORT@', String(port)).replaceAll('@RUNTIME@', runtime);
  for (const [placeholder, value] of Object.entries(options.substitutions ?? {})) config = config.replaceAll(placeholder, value);
  const unfilled = /@[A-Z_]+@/.exec(config);
  if (unfilled) {
    await rm(runtime, { recursive: true, force: true });
    throw new Error(`${options.configTemplate}: placeholder ${unfilled[0]} was given no value`);
  }
  const configFile = path.join(runtime, path.basename(options.configTemplate).replace(/\.template$/, ''));
  await writeFile(configFile, config);

  const child = spawn(options.binary, options.args(configFile, runtime), { stdio: ['ignore', 'pipe', 'pipe'] });
  const tailChars = options.outputTailChars ?? 8000;
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-tailChars);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  const stop = async (): Promise<void> => {
    await terminate(child, options.stopTimeoutMs ?? 5000);
    await rm(runtime, { recursive: true, force: true });
  };
  try {
    await waitUntilListening(options, port, child, () => spawnError, () => tail);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, runtime, output: () => tail, stop };
}

async function waitUntilListening(
  options: ForegroundDaemonOptions,
  port: number,
  child: ChildProcess,
  spawnError: () => Error | undefined,
  tail: () => string,
): Promise<void> {
  const timeoutMs = options.startTimeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const failed = spawnError();
    if (failed) throw new Error(`${options.name} could not be started: ${failed.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.name} exited (${child.exitCode ?? child.signalCode}) before listening on TCP port ${port}: ${tail()}`);
    }
    if (await isListening(port, 'tcp')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${options.name} did not listen on TCP port ${port} within ${timeoutMs} ms: ${tail()}`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
async function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
