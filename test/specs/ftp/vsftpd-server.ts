import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { findFreePort } from '../../../harness/targets/free-port.ts';
import { SpawnedProcess } from '../../../harness/targets/spawned-process.ts';
import type { Endpoint } from '../../../harness/wire/limits.ts';

/**
 * Runs Debian's vsftpd in the foreground on a loopback high port from fixtures/ftp/vsftpd.conf.
 * vsftpd logs local users in through PAM, so a dedicated system user (rfcheckftp, a random
 * password) is created for the run and removed afterwards; its home is a temporary copy of the
 * fixture tree of alice, with bob's tree beside it and the public tree as the anonymous root.
 */

const run = promisify(execFile);
export const vsftpdBinary = '/usr/sbin/vsftpd';
export const vsftpdUser = 'rfcheckftp';

export interface RunningVsftpd {
  endpoint: Endpoint;
  user: string;
  pass: string;
  output(): string;
  stop(): Promise<void>;
}

async function userExists(name: string): Promise<boolean> {
  try {
    await run('id', [name]);
    return true;
  } catch {
    return false;
  }
}

async function removeUser(): Promise<void> {
  if (await userExists(vsftpdUser)) await run('userdel', [vsftpdUser]);
}

async function waitForListening(endpoint: Endpoint, child: SpawnedProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.status !== undefined) throw new Error(`vsftpd ${child.status}: ${child.output.toString()}`);
    const connected = await new Promise<boolean>((resolve) => {
      const socket = net.connect(endpoint.port, endpoint.host);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (connected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`vsftpd did not listen on ${endpoint.host}:${endpoint.port} within ${timeoutMs} ms: ${child.output.toString()}`);
}

export async function startVsftpd(): Promise<RunningVsftpd> {
  try {
    await access(vsftpdBinary);
  } catch {
    throw new Error(`${vsftpdBinary} is missing: install the Debian package vsftpd (listed in .ci/apt-packages)`);
  }
  if (process.getuid?.() !== 0) throw new Error('the vsftpd test creates a system user for PAM login and must run as root (CI does)');
  const work = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-vsftpd-'));
  const home = path.join(work, 'home', 'alice');
  const tree = path.join(fixturesDir, 'ftp', 'tree');
  await mkdir(path.join(work, 'empty'), { recursive: true });
  await cp(path.join(tree, 'alice'), home, { recursive: true });
  await cp(path.join(tree, 'bob'), path.join(work, 'home', 'bob'), { recursive: true });
  await cp(path.join(tree, 'public'), path.join(work, 'anon'), { recursive: true });
  await run('chmod', ['-R', 'a+rX', work]);
  await chmod(work, 0o755);

  await removeUser();
  const pass = randomBytes(12).toString('hex');
  await run('useradd', ['--no-create-home', '--home-dir', home, '--shell', '/bin/sh', vsftpdUser]);
  const chpasswd = run('chpasswd');
  chpasswd.child.stdin?.end(`${vsftpdUser}:${pass}\n`);
  await chpasswd;
  const { stdout } = await run('id', ['-u', vsftpdUser]);
  await run('chown', ['-R', `${stdout.trim()}`, home]);

  const port = await findFreePort();
  const pasvMin = 50000 + Math.floor(Math.random() * 9000);
  const config = (await readFile(path.join(fixturesDir, 'ftp', 'vsftpd.conf'), 'utf8'))
    .replaceAll('@PORT@', String(port))
    .replaceAll('@EMPTY_DIR@', path.join(work, 'empty'))
    .replaceAll('@PASV_MIN@', String(pasvMin))
    .replaceAll('@PASV_MAX@', String(pasvMin + 199))
    .replaceAll('@LOCAL_ROOT@', home)
    .replaceAll('@ANON_ROOT@', path.join(work, 'anon'));
  const configFile = path.join(work, 'vsftpd.conf');
  await writeFile(configFile, config, { mode: 0o600 });

  const child = SpawnedProcess.start(`exec ${vsftpdBinary} ${configFile}`);
  const endpoint = { host: '127.0.0.1', port };
  const stop = async (): Promise<void> => {
    await child.stop();
    await removeUser();
    await rm(work, { recursive: true, force: true });
  };
  try {
    await waitForListening(endpoint, child, 10_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, user: vsftpdUser, pass, output: () => child.output.toString(), stop };
}
