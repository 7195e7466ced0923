import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../harness/core/catalogue.ts';

const bin = path.join(projectRoot, 'bin', 'rfcheck.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-concurrency-'));

function rfcheck(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('node', [bin, ...args], { cwd: work, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('--concurrency', () => {
  it.each([['0'], ['65'], ['two'], ['-1']])('rejects %s with one line and exit 2', (value) => {
    const result = rfcheck('run', 'echo-tcp', '--concurrency', value);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/--concurrency/);
  });

  it('runs a suite with the degree given and records the usual report', () => {
    const json = path.join(work, 'report.json');
    const result = rfcheck('run', 'echo-udp', '--concurrency', '8', '--runs', '10', '--seed', '5', '--quiet', '--json', json);
    expect(result.status).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { suites: { seed: number; summary: { fail: number; error: number } }[] };
    expect(report.suites[0]).toMatchObject({ seed: 5, summary: { fail: 0, error: 0 } });
  });
});
