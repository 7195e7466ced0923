import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { findFreePort } from '../../../harness/targets/free-port.ts';
import { zoneFiles } from '../../../specs/dns/zone-view.ts';
import { type Daemon, requireBinary, startDaemon } from './foreground-daemon.ts';
import { runAgainstAddress } from '../../support/mutant-matrix.ts';

/**
 * nsd (Debian package nsd) serving the fixture zones must pass every MUST rule of dns-auth. The
 * rules it fails are its documented deviations (fixtures/dns/README.md), asserted exactly.
 */
const expectedFailures: string[] = [];

describe('dns-auth against nsd serving the fixture zones', () => {
  let daemon: Daemon | undefined;
  beforeAll(async () => {
    requireBinary('/usr/sbin/nsd', 'nsd');
    const zones = zoneFiles({ fixturesDir })
      .map((file) => `zone:\n  name: "${path.basename(file, '.zone')}"\n  zonefile: "${file}"`)
      .join('\n');
    daemon = await startDaemon('/usr/sbin/nsd', (config) => ['-d', '-c', config], 'nsd.conf.template', { zones }, await findFreePort());
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('fails no MUST rule, and exactly the documented rules', async () => {
    if (!daemon) throw new Error('nsd did not start');
    const report = await runAgainstAddress('dns-auth', { host: '127.0.0.1', port: daemon.port }, { runs: 20, ruleTimeoutMs: 20_000, readTimeoutMs: 1000 });
    const failing = report.rules.filter((r) => r.status !== 'pass');
    process.stdout.write(`\nnsd: ${report.rules.length - failing.length}/${report.rules.length} rules pass\n${failing.map((r) => `  ${r.id} [${r.level}] ${r.status}: ${r.message ?? ''}`).join('\n')}\n`);
    expect(failing.map((r) => r.id).sort()).toEqual([...expectedFailures].sort());
    expect(report.summary.mustFailed).toBe(0);
  });
});
