import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir, loadSuites } from '../../../harness/core/catalogue.ts';
import { runSuite } from '../../../harness/runner/run-suite.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';
import { testSeed } from '../../support/fixed-seed.ts';
import { type RunningDovecot, startDovecot } from './dovecot.ts';

/**
 * Dovecot's POP3 server (Debian dovecot-pop3d) against the pop3 suite, configured by
 * fixtures/pop3/dovecot.conf. Its deviations are documented in fixtures/pop3/README.md and
 * listed here exactly: a new failure, or a deviation that went away, fails the test.
 */
const documentedDeviations: string[] = [];

describe('pop3 suite against Dovecot', () => {
  let dovecot: RunningDovecot;
  beforeAll(async () => {
    dovecot = await startDovecot('pop3');
  }, 30_000);
  afterAll(async () => {
    await dovecot?.stop();
  });

  it('fails no rule but the documented deviations', async () => {
    const suite = (await loadSuites()).find((s) => s.name === 'pop3');
    if (!suite) throw new Error('no pop3 suite');
    const report = await runSuite(suite, { kind: 'address', endpoint: dovecot.endpoint }, {
      seed: testSeed,
      runs: 10,
      ruleTimeoutMs: 60_000,
      startTimeoutMs: 10_000,
      limits: { ...defaultWireLimits, readTimeoutMs: 3000 },
      strict: false,
      options: { fixturesDir },
      select: () => true,
      replayCommand: (_s, id) => `npx rfcheck replay - ${id}`,
    });
    const failing = report.rules.filter((r) => r.status === 'fail' || r.status === 'error');
    const detail = failing.map((r) => `${r.id}: ${r.message ?? ''}`).join('\n');
    expect(failing.map((r) => r.id).sort(), `${detail}\n${failing.length > 0 ? await dovecot.log() : ''}`).toEqual(documentedDeviations);
    expect(report.rules.filter((r) => r.status === 'skip').map((r) => r.id)).toEqual([]);
  }, 170_000);
});
