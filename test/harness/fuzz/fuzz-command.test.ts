import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../harness/core/catalogue.ts';

const bin = path.join(projectRoot, 'bin', 'rfcheck.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-fuzz-cli-'));

function rfcheck(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('node', [bin, ...args], { cwd: work, encoding: 'utf8', timeout: 90_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A report whose fuzz finding holds no case (edited by hand, or truncated). */
function brokenFindingReport(): string {
  const file = path.join(work, 'broken.json');
  const finding = {
    id: 'echo-tcp/fuzz/crash-1', level: 'MUST', rfc: 'rfcheck fuzz', section: 'fuzz', title: 't', status: 'fail', runs: 1, durationMs: 0,
    counterexample: { seed: 1, path: 'fuzz:crash', steps: [], transcript: '', message: 'm', input: 'not a case', replay: '' },
  };
  const suite = { suite: 'echo-tcp', target: 'reference', targetSpec: { kind: 'reference' }, seed: 1, runs: 1, strict: false, durationMs: 0, summary: {}, rules: [finding] };
  writeFileSync(file, JSON.stringify({ tool: 'rfcheck', version: '0.1.0', startedAt: '', durationMs: 0, suites: [suite], perf: [] }));
  return file;
}

describe('rfcheck fuzz on the command line', () => {
  it.each([
    [['fuzz'], /fuzz takes one suite name/],
    [['fuzz', 'no-such-suite'], /fuzz takes one suite name/],
    [['fuzz', 'echo-tcp', 'echo-udp'], /fuzz takes one suite name/],
    [['fuzz', 'echo-tcp', '--duration', 'soon'], /--duration takes a time/],
    [['fuzz', 'echo-tcp', '--max-execs', 'lots'], /--max-execs takes a whole number/],
    [['fuzz', 'echo-tcp', '--runs', '5'], /fuzz takes --duration and --max-execs/],
    [['fuzz', 'echo-tcp', '--bogus'], /Unknown option '--bogus'/],
    [['fuzz', 'echo-tcp', '--target', 'nowhere'], /is not host:port/],
    [['fuzz', 'echo-tcp', '--target', '127.0.0.1:1'], /target unreachable/],
  ])('%j is a one-line error with exit 2', (args, pattern) => {
    const result = rfcheck(...args);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n').filter((line) => !line.startsWith('npm warn'))).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
  });

  it('a fuzz finding without a case cannot be replayed (exit 2)', () => {
    const result = rfcheck('replay', brokenFindingReport(), 'echo-tcp/fuzz/crash-1');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/holds no fuzz case/);
  });

  it('fuzzes the echo-udp reference for a second and exits 0 with the rate', () => {
    const json = path.join(work, 'udp.json');
    const result = rfcheck('fuzz', 'echo-udp', '--duration', '1s', '--seed', '5', '--json', json, '--quiet');
    expect(result.stdout).toMatch(/echo-udp: \d+ executions in [\d.]+ s \(\d+\/s\), 0 finding\(s\); seed 5/);
    expect(result.status).toBe(0);
  });
});
