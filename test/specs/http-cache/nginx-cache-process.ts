import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { findFreePort } from '../../../harness/targets/free-port.ts';
import type { Endpoint } from '../../../harness/wire/limits.ts';

/**
 * Debian's nginx as a caching reverse proxy (fixtures/http-cache/nginx/nginx.conf.template) in
 * the foreground on a loopback high port, its cache and every runtime file in a temporary folder.
 */

const nginxBinary = '/usr/sbin/nginx';

export interface RunningCacheProxy {
  endpoint: Endpoint;
  log(): string;
  stop(): Promise<void>;
}

export async function startNginxCache(): Promise<RunningCacheProxy> {
  if (!existsSync(nginxBinary)) throw new Error(`${nginxBinary} not found: install the Debian package 'nginx' (listed in .ci/apt-packages)`);
  const runtime = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-nginx-cache-'));
  const port = await findFreePort();
  const template = await readFile(path.join(fixturesDir, 'http-cache', 'nginx', 'nginx.conf.template'), 'utf8');
  const config = path.join(runtime, 'nginx.conf');
  await writeFile(config, template.replaceAll('@PORT@', String(port)).replaceAll('@RUNTIME@', runtime));
  const child = spawn(nginxBinary, ['-p', runtime, '-e', 'stderr', '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-8000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(kill);
    }
    await rm(runtime, { recursive: true, force: true });
  };
  const endpoint = { host: '127.0.0.1', port };
  for (const deadline = Date.now() + 10_000; !(await listening(endpoint)); ) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not start listening on 127.0.0.1:${port}: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { endpoint, log: () => log, stop };
}

function listening(endpoint: Endpoint): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(endpoint, () => {
      socket.destroy();
      resolve(true);
    });
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}
