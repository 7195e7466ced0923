import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { findFreePort } from '../../../harness/targets/free-port.ts';
import type { Endpoint } from '../../../harness/wire/limits.ts';

/**
 * Debian's postfix as a foreground child (`postfix start-fg`) on a loopback high port, from the
 * templates in fixtures/smtp/postfix/ rendered into a temporary config_directory, with its
 * queue and the Maildir store in the same temporary folder. Postfix wants to be started by
 * root (it drops to mail_owner itself), as CI runs.
 */

const binary = '/usr/sbin/postfix';
/** The owner of delivered Maildirs: Debian's nobody. */
const mailboxOwner = 65534;

export interface RunningPostfix {
  endpoint: Endpoint;
  store: string;
  log(): string;
  stop(): Promise<void>;
}

async function render(template: string, values: Record<string, string>): Promise<string> {
  const text = await readFile(path.join(fixturesDir, 'smtp', 'postfix', template), 'utf8');
  return text.replace(/@([A-Z]+)@/g, (whole, key: string) => values[key] ?? whole);
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: postfixEnvironment });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${output.slice(-2000)}`));
    });
  });
}

async function waitForPort(endpoint: Endpoint, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postfix exited (${child.exitCode}) before listening:\n${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(endpoint, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.setTimeout(500, () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`postfix did not listen on ${endpoint.host}:${endpoint.port} within 20 s:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A plain environment, as an init system would give postfix (its commands sanitize the rest anyway). */
const postfixEnvironment = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' };

function readFileSyncOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Config, queue and store folders in `runtime`, ready for `postfix start-fg`. */
async function prepareRuntime(runtime: string): Promise<{ etc: string; store: string; port: number }> {
  await chmod(runtime, 0o755); // postfix's daemons (user postfix) reach the queue through it
  const etc = path.join(runtime, 'etc');
  const store = path.join(runtime, 'store');
  // Explicit modes: postfix refuses group- or world-writable files, whatever the umask of the test runner.
  for (const dir of [etc, store, path.join(runtime, 'queue'), path.join(runtime, 'data')]) await mkdir(dir, { mode: 0o755 });
  await run('chown', ['postfix', path.join(runtime, 'data')]);
  await chown(store, mailboxOwner, mailboxOwner);
  const users = JSON.parse(await readFile(path.join(fixturesDir, 'mail', 'users.json'), 'utf8')) as { user: string; address: string }[];
  await writeFile(path.join(etc, 'virtual-mailboxes'), users.map((u) => `${u.address} ${u.user}/Maildir/\n`).join(''), { mode: 0o644 });
  await writeFile(path.join(etc, 'virtual-aliases'), `postmaster@example.test ${users[0]?.address ?? 'alice@example.test'}\n`, { mode: 0o644 });
  const port = await findFreePort();
  const values = { RUNTIME: runtime, PORT: String(port), UID: String(mailboxOwner), GID: String(mailboxOwner) };
  await writeFile(path.join(etc, 'main.cf'), await render('main.cf.template', values), { mode: 0o644 });
  await writeFile(path.join(etc, 'master.cf'), await render('master.cf.template', values), { mode: 0o644 });
  // `postfix check` creates the queue's subfolders with the owners postfix expects.
  await run(binary, ['-c', etc, 'check']);
  return { etc, store, port };
}

export async function startPostfix(): Promise<RunningPostfix> {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: install the Debian package postfix`);
  if (process.getuid?.() !== 0) throw new Error('postfix start-fg must be started as root (CI runs as root)');
  const runtime = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-postfix-'));
  const { etc, store, port } = await prepareRuntime(runtime).catch(async (error: unknown) => {
    await rm(runtime, { recursive: true, force: true });
    throw error;
  });
  const child = spawn(binary, ['-c', etc, 'start-fg'], { stdio: ['ignore', 'pipe', 'pipe'], env: postfixEnvironment });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const endpoint = { host: '127.0.0.1', port };
  const log = (): string => `${output}\n${readFileSyncOrEmpty(path.join(runtime, 'postfix.log')).slice(-20_000)}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await run(binary, ['-c', etc, 'stop']).catch(() => child.kill('SIGTERM'));
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(runtime, { recursive: true, force: true });
  };
  try {
    await waitForPort(endpoint, child, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, store, log, stop };
}
