import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../harness/core/catalogue.ts';
import type { Report } from '../../../harness/report/model.ts';
import { type DockerEngine, dockerCli, dockerEngine } from '../../support/docker-engine.ts';

const bin = path.join(projectRoot, 'bin', 'rfcheck.js');
const image = 'rfcheck-test/busybox-upper:1';
const work = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-container-'));
let engine: DockerEngine;

/**
 * No registry is reachable: the image is built here, from a root filesystem holding Debian's
 * static busybox, whose `nc -ll -e` serves each connection with `head -n 1 | tr a-z A-Z` —
 * the course's TCP uppercase server in one line of shell.
 */
function importImage(host: string): void {
  const rootfs = path.join(work, 'rootfs');
  mkdirSync(path.join(rootfs, 'bin'), { recursive: true });
  copyFileSync('/usr/bin/busybox', path.join(rootfs, 'bin', 'busybox'));
  chmodSync(path.join(rootfs, 'bin', 'busybox'), 0o755);
  for (const tool of ['sh', 'nc', 'head', 'tr', 'sleep']) symlinkSync('busybox', path.join(rootfs, 'bin', tool));
  writeFileSync(path.join(rootfs, 'bin', 'upper'), '#!/bin/sh\nhead -n 1 | tr a-z A-Z\n', { mode: 0o755 });
  execFileSync('tar', ['-C', rootfs, '-cf', path.join(work, 'rootfs.tar'), '.']);
  dockerCli(host, 'import', path.join(work, 'rootfs.tar'), image);
}

beforeAll(async () => {
  engine = await dockerEngine();
  importImage(engine.host);
}, 120_000);
afterAll(async () => {
  try {
    dockerCli(engine.host, 'rmi', '-f', image);
  } finally {
    await engine.stop();
  }
}, 60_000);

function rfcheck(env: NodeJS.ProcessEnv, ...args: string[]) {
  return spawnSync('node', [bin, ...args], { cwd: work, encoding: 'utf8', timeout: 180_000, env: { ...process.env, NO_COLOR: '1', ...env } });
}

describe('--container', () => {
  it('runs a suite against a server inside a locally built image, then removes the container', () => {
    const run = rfcheck(
      { DOCKER_HOST: engine.host },
      'run', 'echo-tcp', '--container', image, '--container-cmd', 'nc -ll -p {port} -e /bin/upper', '--seed', '4', '--runs', '10', '--json', 'container.json', '--quiet',
    );
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(path.join(work, 'container.json'), 'utf8')) as Report;
    expect(report.suites[0]?.summary).toMatchObject({ total: 7, pass: 7 });
    expect(report.suites[0]?.targetSpec).toEqual({ kind: 'container', value: image, command: 'nc -ll -p {port} -e /bin/upper' });
    expect(dockerCli(engine.host, 'ps', '-a', '--filter', `ancestor=${image}`, '--format', '{{.ID}}').trim()).toBe('');
  });

  it('says in one line, exit 2, when no engine is reachable', () => {
    const run = rfcheck({ DOCKER_HOST: `unix://${work}/no-engine.sock` }, 'run', 'echo-tcp', '--container', image);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^rfcheck: --container rfcheck-test\/busybox-upper:1: /);
  });

  it('says so when the container never listens on its port', () => {
    const run = rfcheck({ DOCKER_HOST: engine.host }, 'run', 'echo-tcp', '--container', image, '--container-cmd', 'sleep 30', '--start-timeout', '1500');
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/did not listen \(tcp\) on 127\.0\.0\.1:\d+ within 1500 ms/);
    expect(dockerCli(engine.host, 'ps', '-a', '--filter', `ancestor=${image}`, '--format', '{{.ID}}').trim()).toBe('');
  });
});
