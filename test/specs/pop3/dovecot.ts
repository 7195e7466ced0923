import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { findFreePort } from '../../../harness/targets/free-port.ts';
import type { Endpoint } from '../../../harness/wire/limits.ts';
import { runAgainstAddress } from '../../support/mutant-matrix.ts';

/**
 * Dovecot (Debian's dovecot-pop3d / dovecot-imapd) as a foreground child on a loopback high
 * port, serving a private copy of fixtures/mail/mailboxes to the users of
 * fixtures/mail/users.json. The config is fixtures/<protocol>/dovecot.conf, its {{…}} values
 * filled in with paths in a temporary folder; nothing is written into fixtures/.
 */

const binary = '/usr/sbin/dovecot';
const packages: Record<DovecotProtocol, string> = { pop3: 'dovecot-pop3d', imap: 'dovecot-imapd' };
const protocolBinaries: Record<DovecotProtocol, string> = { pop3: '/usr/lib/dovecot/pop3', imap: '/usr/lib/dovecot/imap' };

export type DovecotProtocol = 'pop3' | 'imap';

export interface RunningDovecot {
  endpoint: Endpoint;
  /** Dovecot's own log, for a failure message. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

export async function startDovecot(protocol: DovecotProtocol): Promise<RunningDovecot> {
  for (const file of [binary, protocolBinaries[protocol]]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: install the Debian packages dovecot-core and ${packages[protocol]}`);
  }
  const root = await mkdtemp(path.join(os.tmpdir(), `rfcheck-dovecot-${protocol}-`));
  // Dovecot puts a symlink named dovecot.conf into base_dir: the config lives beside it, not in it.
  const baseDir = path.join(root, 'run');
  const store = path.join(root, 'store');
  await mkdir(baseDir);
  await chmod(root, 0o755); // the login processes (another user) reach base_dir through it
  await cp(path.join(fixturesDir, 'mail', 'mailboxes'), store, { recursive: true });
  const users = JSON.parse(await readFile(path.join(fixturesDir, 'mail', 'users.json'), 'utf8')) as { user: string; pass: string }[];
  for (const { user } of users) {
    for (const sub of ['tmp', 'new', 'cur']) await mkdir(path.join(store, user, 'Maildir', sub), { recursive: true });
  }
  // Dovecot never reads mail as root: as root, the store goes to the unprivileged `nobody`.
  const asRoot = process.getuid?.() === 0;
  const { uid, gid } = asRoot ? { uid: nobody, gid: nogroup } : { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  if (asRoot) await chownTree(store, uid, gid);
  const passwd = users.map(({ user, pass }) => `${user}:{PLAIN}${pass}::::${path.join(store, user)}::`).join('\n');
  // Read by the auth process (the internal user); the passwords are the public fixture ones.
  await writeFile(path.join(baseDir, 'users.passwd'), `${passwd}\n`, { mode: 0o644 });
  const port = await findFreePort();
  const values: Record<string, string> = {
    base_dir: baseDir,
    store,
    protocol,
    // Dovecot refuses to run its login and internal processes as root; Debian's package makes
    // the users dovenull and dovecot for them. Anyone else runs everything as themselves.
    login_user: asRoot ? 'dovenull' : os.userInfo().username,
    internal_user: asRoot ? 'dovecot' : os.userInfo().username,
    uid: String(uid),
    gid: String(gid),
    pop3_port: protocol === 'pop3' ? String(port) : '0',
    imap_port: protocol === 'imap' ? String(port) : '0',
  };
  const config = path.join(root, 'dovecot.conf');
  await writeFile(config, await renderConfig(path.join(fixturesDir, protocol, 'dovecot.conf'), values));
  const child = spawn(binary, ['-F', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const log = async (): Promise<string> => {
    const written = await readFile(path.join(baseDir, 'dovecot.log'), 'utf8').catch(() => '');
    return `${output}\n${written.slice(-8000)}`;
  };
  const stop = async (): Promise<void> => {
    await stopChild(child);
    await rm(root, { recursive: true, force: true });
  };
  const endpoint = { host: '127.0.0.1', port };
  try {
    await waitUntilAccepting(endpoint, child, 15_000);
  } catch (error) {
    const text = await log();
    await stop();
    throw new Error(`${(error as Error).message}\n${text}`, { cause: error });
  }
  return { endpoint, log, stop };
}

/** Debian's `nobody` and `nogroup`. */
const nobody = 65534;
const nogroup = 65534;

async function chownTree(directory: string, uid: number, gid: number): Promise<void> {
  await chown(directory, uid, gid);
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const child = path.join(directory, entry.name);
    if (entry.isDirectory()) await chownTree(child, uid, gid);
    else await chown(child, uid, gid);
  }
}

/** Fills in {{name}} values and inlines `!include` lines (resolved beside the including file). */
async function renderConfig(file: string, values: Record<string, string>): Promise<string> {
  const text = await readFile(file, 'utf8');
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const include = /^!include\s+(\S+)\s*$/.exec(line);
    lines.push(include ? await renderConfig(path.resolve(path.dirname(file), include[1] as string), values) : line);
  }
  return lines.join('\n').replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${file}: no value for {{${name}}}`);
    return value;
  });
}

async function waitUntilAccepting(endpoint: Endpoint, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`dovecot exited (${child.exitCode ?? child.signalCode}) before listening`);
    if (await greets(endpoint)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`dovecot did not listen on ${endpoint.host}:${endpoint.port} within ${timeoutMs} ms`);
}

/** Dovecot's master accepts before its login process runs: ready means a greeting arrives. */
function greets(endpoint: Endpoint): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(endpoint);
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      resolve(/^(\+OK|\* OK)/.test(chunk.toString('latin1')));
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/** SIGTERM, then SIGKILL if the master has not ended after five seconds. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Runs suite `protocol` against a running Dovecot: the failing rules, the skipped ones, and what went wrong. */
export async function runSuiteAgainst(dovecot: RunningDovecot, protocol: DovecotProtocol, runs: number): Promise<{ failing: string[]; skipped: string[]; detail: string }> {
  const report = await runAgainstAddress(protocol, dovecot.endpoint, { runs, readTimeoutMs: 3000, ruleTimeoutMs: 60_000 });
  const failing = report.rules.filter((r) => r.status === 'fail' || r.status === 'error');
  const detail = failing.map((r) => `${r.id}: ${r.message ?? ''}`).join('\n');
  return {
    failing: failing.map((r) => r.id).sort(),
    skipped: report.rules.filter((r) => r.status === 'skip').map((r) => r.id),
    detail: failing.length > 0 ? `${detail}\n${await dovecot.log()}` : '',
  };
}

/**
 * The vitest block shared by the pop3 and imap Dovecot tests: starts Dovecot, runs the suite,
 * expects exactly `deviations` to fail (each documented in fixtures/<protocol>/README.md) and
 * exactly `skips` to be skipped, and always stops Dovecot.
 */
export function describeDovecotRun(protocol: DovecotProtocol, runs: number, deviations: string[], skips: string[]): void {
  describe(`${protocol} suite against Dovecot`, () => {
    let dovecot: RunningDovecot | undefined;
    beforeAll(async () => {
      dovecot = await startDovecot(protocol);
    }, 30_000);
    afterAll(async () => {
      await dovecot?.stop();
    });

    it('fails no rule but the documented deviations, and skips only the rules it cannot apply', async () => {
      if (!dovecot) throw new Error('Dovecot did not start');
      const { failing, skipped, detail } = await runSuiteAgainst(dovecot, protocol, runs);
      expect(failing, detail).toEqual([...deviations].sort());
      expect(skipped).toEqual(skips);
    }, 170_000);
  });
}
