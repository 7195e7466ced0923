import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { findFreePort } from '../../../harness/targets/free-port.ts';
import type { Endpoint } from '../../../harness/wire/limits.ts';

/**
 * Debian's nginx (package `nginx`) as a foreground child on a loopback high port, configured
 * from fixtures/http/nginx/nginx.conf.template with every runtime path in a temporary folder.
 */

export const nginxBinary = '/usr/sbin/nginx';

export interface RunningNginx {
  endpoint: Endpoint;
  /** What nginx wrote to stderr (bounded), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export async function startNginx(): Promise<RunningNginx> {
  if (!existsSync(nginxBinary)) throw new Error(`${nginxBinary} not found: install the Debian package 'nginx' (listed in .ci/apt-packages)`);
  const runtime = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-nginx-'));
  const docroot = path.join(runtime, 'docroot');
  await cp(path.join(fixturesDir, 'http', 'docroot'), docroot, { recursive: true, preserveTimestamps: true });
  const port = await findFreePort();
  const template = await readFile(path.join(fixturesDir, 'http', 'nginx', 'nginx.conf.template'), 'utf8');
  const config = path.join(runtime, 'nginx.conf');
  await writeFile(config, template.replaceAll('@PORT@', String(port)).replaceAll('@DOCROOT@', docroot).replaceAll('@RUNTIME@', runtime));
  const child = spawn(nginxBinary, ['-p', runtime, '-e', 'stderr', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-8000);
  });
  const endpoint = { host: '127.0.0.1', port };
  const stop = async (): Promise<void> => {
    await terminate(child);
    await rm(runtime, { recursive: true, force: true });
  };
  try {
    await waitForListener(endpoint, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, log: () => log, stop };
}

async function waitForListener(endpoint: Endpoint, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode} before listening: ${log()}`);
    if (await accepts(endpoint)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${endpoint.host}:${endpoint.port} within 10 s: ${log()}`);
}

function accepts(endpoint: Endpoint): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(endpoint);
    socket.setTimeout(500, () => socket.destroy());
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => resolve(false));
  });
}

/** SIGTERM (nginx's fast shutdown), then SIGKILL if it lingers. */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
