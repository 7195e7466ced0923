import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../harness/core/catalogue.ts';

const bin = path.join(projectRoot, 'bin', 'rfcheck.js');
const students = path.join(projectRoot, 'fixtures', 'echo', 'students');
const work = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-cli-'));

function rfcheck(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('node', [bin, ...args], { cwd: work, encoding: 'utf8', timeout: 90_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A usage error is one line on stderr, exit 2, and never a stack trace. */
function expectUsageError(result: ReturnType<typeof rfcheck>, pattern: RegExp): void {
  expect(result.status).toBe(2);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('rfcheck command line', () => {
  it.each([
    [['run', 'echo-tcp', '--runs', 'many'], /--runs takes a whole number/],
    [['run', 'echo-tcp', '--bogus'], /Unknown option '--bogus'/],
    [['run', 'no-such-suite'], /unknown suite 'no-such-suite'/],
    [['run'], /run needs a suite name/],
    [['run', 'echo-tcp', '--target', 'nowhere'], /is not host:port/],
    [['run', 'echo-tcp', '--target', '127.0.0.1:1', '--spawn', 'x {port}'], /cannot be used together/],
    [['run', 'all', '--target', '127.0.0.1:9'], /'all' runs every suite against its reference/],
    [['run', 'echo-tcp', '--rules', 'echo-tcp/9.9/*'], /no rule matches/],
    [['run', 'echo-tcp', '--target', '127.0.0.1:1'], /target unreachable: cannot connect to 127\.0\.0\.1:1: ECONNREFUSED/],
    [['run', 'echo-tcp', '--spawn', `python3 ${students}/crashes_at_start.py {port}`], /exited with status 1 before listening/],
    [['run', 'echo-tcp', '--container-cmd', 'srv {port}'], /--container-cmd goes with --container IMAGE/],
    [['run', 'echo-tcp', '--container', 'bad image!'], /is not an image name/],
    [['replay', 'missing.json', 'echo-tcp/2.7.2/close-after-reply'], /cannot read missing\.json: ENOENT/],
    [['replay', 'only-one-arg'], /replay takes a report file and a rule id/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['list', 'nope'], /unknown suite 'nope'/],
    [['serve', 'echo-tcp', '--port', '99999'], /--port must be between 0 and 65535/],
  ])('rfcheck %j exits 2 with one line', (args, pattern) => {
    expectUsageError(rfcheck(...(args as string[])), pattern);
  });

  it('lists suites and the rules of one suite with their citations', () => {
    const all = rfcheck('list');
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/echo-udp\s+7 rules/);
    const one = rfcheck('list', 'echo-udp');
    expect(one.stdout).toContain('echo-udp/2.7.1/reply-from-server-port');
    expect(one.stdout).toContain('§2.7.1');
  });

  it('passes a correct student server it spawns, exit 0', () => {
    const result = rfcheck('run', 'echo-tcp', '--spawn', `python3 ${students}/tcp_uppercase_server.py {port}`, '--seed', '3', '--runs', '20', '--quiet');
    expect(result.stdout).toMatch(/echo-tcp\s+spawn: .*\s+7\s+0\s+0\s+0\s+0/);
    expect(result.status).toBe(0);
  });

  it('fails a buggy student server with exit 1, and replay reproduces the failure', () => {
    const json = path.join(work, 'buggy.json');
    const run = rfcheck('run', 'echo-udp', '--spawn', `python3 ${students}/udp_str_upper_server.py {port}`, '--seed', '7', '--json', json, '--junit', path.join(work, 'junit/'), '--quiet');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('FAIL  echo-udp/2.7.1/other-bytes-unchanged');
    expect(run.stdout).toContain(`replay: npx rfcheck replay ${json} echo-udp/2.7.1/other-bytes-unchanged`);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { suites: { summary: { mustFailed: number }; targetLog: string }[] };
    expect(report.suites[0]?.summary.mustFailed).toBe(1);
    expect(report.suites[0]?.targetLog).toContain('UDP server listening');
    expect(readFileSync(path.join(work, 'junit', 'TEST-echo-udp.xml'), 'utf8')).toContain('<failure');

    const replay = rfcheck('replay', json, 'echo-udp/2.7.1/other-bytes-unchanged');
    expect(replay.stdout).toContain('reproduced:');
    expect(replay.status).toBe(1);
  });
});
