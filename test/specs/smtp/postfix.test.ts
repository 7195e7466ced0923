import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, loadSuites } from '../../../harness/core/catalogue.ts';
import type { SuiteReport } from '../../../harness/report/model.ts';
import { runSuite } from '../../../harness/runner/run-suite.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';
import { testSeed } from '../../support/fixed-seed.ts';
import { type RunningPostfix, startPostfix } from './postfix.ts';

/**
 * The smtp suite against a real server: Debian's postfix, configured by fixtures/smtp/postfix/.
 * No MUST rule may fail but the deviations documented in fixtures/smtp/README.md, asserted
 * here exactly so that a change either way shows.
 */
const documentedDeviations = [
  'smtp/4.1.1.4/bare-lf-dot-not-end-of-data',
  'smtp/4.1.4/malformed-mail-501',
  'smtp/4.1.1/parameterless-commands-reject-arguments',
];

describe('smtp suite against postfix (Debian package postfix)', () => {
  let postfix: RunningPostfix | undefined;
  let report: SuiteReport;

  beforeAll(async () => {
    postfix = await startPostfix();
    const suite = (await loadSuites()).find((s) => s.name === 'smtp');
    if (!suite) throw new Error('no smtp suite');
    report = await runSuite(suite, { kind: 'address', endpoint: postfix.endpoint }, {
      seed: testSeed,
      runs: 10,
      ruleTimeoutMs: 30_000,
      startTimeoutMs: 10_000,
      limits: { ...defaultWireLimits, readTimeoutMs: 3000 },
      strict: false,
      options: { fixturesDir, mailDomain: 'example.test' },
      select: () => true,
      replayCommand: (_s, id) => `npx rfcheck run smtp --target … --rules ${id}`,
    });
  }, 300_000);

  afterAll(async () => {
    await postfix?.stop();
  });

  it('fails exactly the documented deviations and nothing else', () => {
    const failing = report.rules.filter((r) => r.status !== 'pass' && r.status !== 'skip').map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`);
    process.stdout.write(`\npostfix: ${report.summary.pass} pass, ${report.summary.fail} fail, ${report.summary.skip} skip, ${report.summary.error} error\n${failing.join('\n')}\n`);
    expect(report.rules.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => r.id).sort()).toEqual([...documentedDeviations].sort());
    expect(report.rules.filter((r) => r.status === 'skip').map((r) => r.id)).toEqual([]);
  });
});
