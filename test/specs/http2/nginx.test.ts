import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { findFreePort } from '../../../harness/targets/free-port.ts';
import { runAgainstAddress } from '../../support/mutant-matrix.ts';

/**
 * nginx from Debian as a cleartext HTTP/2 server (fixtures/http2/nginx.conf.template) against
 * the http2 suite. Its deviations are listed, with their RFC sections, in fixtures/http2/README.md;
 * this test holds it to exactly that list, so a change in either direction is noticed.
 */
const documentedDeviations = [
  '3.4/settings-must-follow-magic',
  '5.1/idle-stream-data-or-window-update',
  '5.1/half-closed-remote-headers',
  '5.1/frames-after-rst-stream',
  '6.4/rst-stream-on-idle-stream',
  '6.9.1/stream-window-overflow',
  '6.10/field-block-across-continuations',
  '8.1/trailers-without-end-stream',
  '8.1.1/content-length-mismatch',
  '8.2.1/forbidden-octet-in-field-name',
  '8.2.1/whitespace-at-field-value-edge',
  '8.2.2/connection-specific-field',
  '8.2.2/te-other-than-trailers',
  '8.3/pseudo-header-in-trailers',
  '8.3/pseudo-header-after-regular-field',
  '8.5/connect-with-scheme-or-path',
  '7541-4.2/size-update-after-field',
  '7541-5.2/invalid-huffman-string',
].map((id) => `http2/${id}`);

const nginxBinary = '/usr/sbin/nginx';

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

describe('nginx (Debian package nginx) as an h2c server', () => {
  let prefix = '';
  let port = 0;
  let nginx: ChildProcess | undefined;

  beforeAll(async () => {
    if (spawnSync(nginxBinary, ['-v']).error) throw new Error(`${nginxBinary} is missing: install the Debian package nginx`);
    prefix = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-nginx-h2-'));
    port = await findFreePort();
    const template = await readFile(path.join(fixturesDir, 'http2', 'nginx.conf.template'), 'utf8');
    const config = template
      .replaceAll('{prefix}', prefix)
      .replaceAll('{port}', String(port))
      .replaceAll('{docroot}', path.join(fixturesDir, 'http', 'docroot'));
    await writeFile(path.join(prefix, 'nginx.conf'), config);
    nginx = spawn(nginxBinary, ['-p', prefix, '-c', path.join(prefix, 'nginx.conf')], { stdio: 'ignore' });
    await waitForPort(port, 10_000);
  });

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx?.once('exit', resolve));
      nginx.kill('SIGTERM');
      await exited;
    }
    if (prefix) await rm(prefix, { recursive: true, force: true });
  });

  it('fails no MUST rule beyond its documented deviations', async () => {
    const report = await runAgainstAddress('http2', { host: '127.0.0.1', port }, { runs: 10, ruleTimeoutMs: 20_000, readTimeoutMs: 1000 });
    const failing = report.rules.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id).sort();
    expect(failing).toEqual([...documentedDeviations].sort());
    const skipped = report.rules.filter((r) => r.status === 'skip').map((r) => r.id).sort();
    // nginx announces SETTINGS_MAX_FRAME_SIZE 2^24−1 and speaks no HTTP/1.1 on an http2 listener.
    expect(skipped).toEqual(['http2/7540-3.2/upgrade-answers-on-stream-1', 'http2/4.2/oversized-data-is-frame-size-error', 'http2/4.2/oversized-headers-is-connection-error'].sort());
  });
});
