import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A Docker engine for container tests: the one DOCKER_HOST names (.ci/run starts one), or a
 * private dockerd started here on a socket of its own, with no bridge, no iptables, no
 * forwarding — containers use host networking only. Fails clearly when Debian's docker.io is
 * not installed.
 */
export interface DockerEngine {
  host: string;
  stop(): Promise<void>;
}

export function dockerCli(host: string, ...args: string[]): string {
  return execFileSync('docker', args, { env: { ...process.env, DOCKER_HOST: host }, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

function responds(host: string): boolean {
  try {
    dockerCli(host, 'info', '--format', '{{.ServerVersion}}');
    return true;
  } catch {
    return false;
  }
}

export async function dockerEngine(): Promise<DockerEngine> {
  const given = process.env.DOCKER_HOST;
  if (given && responds(given)) return { host: given, stop: async () => {} };
  try {
    execFileSync('dockerd', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error('no Docker engine: install Debian\'s docker.io (listed in .ci/apt-packages) or set DOCKER_HOST');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-dockerd-'));
  const host = `unix://${dir}/docker.sock`;
  const daemon: ChildProcess = spawn(
    'dockerd',
    [`--host=${host}`, `--data-root=${dir}/data`, `--exec-root=${dir}/exec`, `--pidfile=${dir}/dockerd.pid`, '--bridge=none', '--iptables=false', '--ip-forward=false', '--ip-masq=false'],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  while (!responds(host)) {
    if (Date.now() > deadline || daemon.exitCode !== null) {
      daemon.kill('SIGKILL');
      throw new Error(`dockerd did not come up on ${host}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    host,
    stop: () =>
      new Promise((resolve) => {
        daemon.once('exit', () => resolve());
        daemon.kill('SIGTERM');
      }),
  };
}
