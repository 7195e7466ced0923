import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { findFreePort } from '../../../harness/targets/free-port.ts';
import { describeMutantMatrix } from '../../support/mutant-matrix.ts';
import { type Daemon, requireBinary, startDaemon } from './foreground-daemon.ts';
import { runAgainstAddress } from '../../support/mutant-matrix.ts';

/**
 * The dns-resolver suite binds the fake hierarchy at 127.0.53.1-3 port 53, so everything that
 * runs it lives in this one file and runs in order: the reference and its planted bugs, then
 * unbound (Debian package unbound) pointed at the harness's root.
 */

describeMutantMatrix('dns-resolver', { runs: 2, readTimeoutMs: 2500, ruleTimeoutMs: 12_000 });

/** Rules unbound fails, each a documented deviation (fixtures/dns/README.md). */
const unboundDeviations: string[] = [];

describe('dns-resolver against unbound pointed at the harness root', () => {
  let daemon: Daemon | undefined;
  beforeAll(async () => {
    requireBinary('/usr/sbin/unbound', 'unbound');
    daemon = await startDaemon('/usr/sbin/unbound', (config) => ['-d', '-c', config], 'unbound.conf.template', { hints: path.join(fixturesDir, 'dns', 'root.hints') }, await findFreePort());
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('fails no MUST rule, and exactly the documented rules', async () => {
    if (!daemon) throw new Error('unbound did not start');
    const report = await runAgainstAddress('dns-resolver', { host: '127.0.0.1', port: daemon.port }, { runs: 3, ruleTimeoutMs: 20_000, readTimeoutMs: 3000 });
    const failing = report.rules.filter((r) => r.status !== 'pass');
    process.stdout.write(`\nunbound: ${report.rules.length - failing.length}/${report.rules.length} rules pass\n${failing.map((r) => `  ${r.id} [${r.level}] ${r.status}: ${r.message ?? ''}\n${r.counterexample?.steps.join('\n') ?? ''}`).join('\n')}\n`);
    expect(failing.map((r) => r.id).sort()).toEqual([...unboundDeviations].sort());
    expect(report.summary.mustFailed).toBe(0);
  });
});
