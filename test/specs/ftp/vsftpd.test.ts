import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../../harness/report/model.ts';
import { type RunningVsftpd, startVsftpd } from './vsftpd-server.ts';
import { runAgainstAddress } from '../../support/mutant-matrix.ts';

/**
 * The ftp suite against Debian's vsftpd 3.0.3 (fixtures/ftp/vsftpd.conf). Its deviations are
 * documented in fixtures/ftp/README.md and asserted here exactly: a new failure, or a documented
 * one that disappears, fails the test.
 */

/** Rules vsftpd fails, each a documented deviation of vsftpd (not of the harness). */
const documentedFailures = ['ftp/2428-2/eprt-any-delimiter', 'ftp/2428-2/eprt-unknown-protocol-522', 'ftp/2428-4/epsv-all-refuses-others', 'ftp/5.4/rnto-without-rnfr-503'];
/** Rules that do not apply: vsftpd has no MLST/MLSD. */
const documentedSkips = ['ftp/3659-7.2/mlsd-facts-space-name'];

describe('vsftpd (Debian) against the ftp suite', () => {
  let server: RunningVsftpd;
  let report: SuiteReport;

  beforeAll(async () => {
    server = await startVsftpd();
    report = await runAgainstAddress('ftp', server.endpoint, { runs: 5, ruleTimeoutMs: 30_000, readTimeoutMs: 6000, options: { user: server.user, pass: server.pass } });
  }, 170_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('fails exactly the documented deviations', () => {
    const failing = report.rules.filter((r) => r.status === 'fail' || r.status === 'error');
    const detail = failing.map((r) => `${r.id}: ${r.message ?? ''}`).join('\n');
    expect(failing.map((r) => r.id).sort(), detail).toEqual([...documentedFailures].sort());
  });

  it('skips exactly the rules whose feature vsftpd lacks', () => {
    expect(report.rules.filter((r) => r.status === 'skip').map((r) => r.id).sort()).toEqual(documentedSkips);
  });

  it('passes every other rule', () => {
    const passing = report.rules.filter((r) => r.status === 'pass').length;
    expect(passing).toBe(report.rules.length - documentedFailures.length - documentedSkips.length);
  });
});
