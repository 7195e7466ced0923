import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import dnsPacket from 'dns-packet';
import dgram from 'node:dgram';
import { fixturesDir } from '../../../harness/core/catalogue.ts';

/**
 * A Debian DNS daemon (nsd, unbound) run in the foreground for a test: its config is made from a
 * template under fixtures/dns with the runtime paths in a temp folder, it is ready when it
 * answers a UDP query, and it is always stopped.
 */
export interface Daemon {
  port: number;
  runtime: string;
  output(): string;
  stop(): Promise<void>;
}

export function requireBinary(binary: string, debianPackage: string): void {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: install the Debian package '${debianPackage}' (listed in .ci/apt-packages)`);
}

async function answers(port: number): Promise<boolean> {
  const socket = dgram.createSocket('udp4');
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.on('message', () => {
        clearTimeout(timer);
        resolve(true);
      });
      socket.on('error', () => resolve(false));
      socket.send(dnsPacket.encode({ id: 1, type: 'query', questions: [{ name: 'ready.invalid', type: 'A' }] }), port, '127.0.0.1');
    });
  } finally {
    socket.close();
  }
}

export async function startDaemon(binary: string, args: (config: string) => string[], template: string, values: Record<string, string>, port: number): Promise<Daemon> {
  const runtime = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-dns-'));
  const config = path.join(runtime, path.basename(template).replace('.template', ''));
  let text = await readFile(path.join(fixturesDir, 'dns', template), 'utf8');
  for (const [key, value] of Object.entries({ ...values, port: String(port), runtime })) text = text.replaceAll(`{${key}}`, value);
  await writeFile(config, text);
  let output = '';
  const child: ChildProcess = spawn(binary, args(config), { cwd: runtime, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await rm(runtime, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await answers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${binary} did not start answering on 127.0.0.1:${port}: ${output.trim().split('\n').slice(-3).join(' | ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { port, runtime, output: () => output, stop };
}
