import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../harness/core/catalogue.ts';
import { conformance } from '../../../harness/embed/vitest.ts';

// Registered inside this very file: the echo-tcp reference passes every rule as a vitest test.
conformance('echo-tcp', 'reference', { runs: 20 });

describe('conformance() in a user project', () => {
  const vitest = (server: string) =>
    spawnSync('npx', ['vitest', 'run', '--config', 'docs/examples/vitest.config.ts', '--reporter', 'verbose'], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, ECHO_SERVER: path.join('fixtures', 'echo', 'students', server), NO_COLOR: '1', CI: '' },
    });

  it('registers one passing test per rule for a correct server', () => {
    const run = vitest('udp_uppercase_server.py');
    expect(run.stdout).toMatch(/Tests\s+7 passed/);
    expect(run.status).toBe(0);
  });

  it('fails the rule a buggy server breaks, with the counterexample and transcript', () => {
    const run = vitest('udp_str_upper_server.py');
    const output = run.stdout + run.stderr;
    expect(output).toMatch(/Tests\s+1 failed \| 6 passed/);
    expect(output).toContain('echo-udp/2.7.1/other-bytes-unchanged');
    expect(output).toMatch(/transcript:\n\s+C: /);
    expect(run.status).toBe(1);
  });
});
