import { describe, expect, it } from 'vitest';
import { fixturesDir, loadSuites } from '../../../harness/core/catalogue.ts';
import { runSuite } from '../../../harness/runner/run-suite.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';
import { testSeed } from '../../support/fixed-seed.ts';
import { startNginx } from './nginx-process.ts';

/**
 * The http suite against a real server: Debian's nginx serving the fixture docroot. nginx's
 * deviations from the RFCs are listed in fixtures/http/README.md; this test holds them exactly,
 * so a new failure (or a fixed one) shows.
 */

/** Rules nginx 1.22 fails, each a real deviation documented in fixtures/http/README.md. */
const documentedDeviations = [
  'http/13.1.2/etag-tracks-replacement',
  'http/13.1.3/invalid-date-ignored',
  'http/15.5.6/allow-in-405',
  'http/9112-3.2/invalid-host-400',
  'http/9112-3/long-method-501',
  'http/9112-6.3/chunked-not-final-400',
  'http/9.1/unknown-method-501',
];

/** Fixture features nginx does not provide: POST into the upload area, a visit count. */
const expectedSkips = ['http/6265-4.2.2/visit-counter-recognises-cookie', 'http/9.3.3/created-201-with-location'];

describe('http suite against nginx', () => {
  it('fails exactly the documented deviations and skips only what nginx cannot serve', async () => {
    const suite = (await loadSuites()).find((s) => s.name === 'http');
    if (!suite) throw new Error('no http suite');
    const nginx = await startNginx();
    try {
      const report = await runSuite(suite, { kind: 'address', endpoint: nginx.endpoint }, {
        seed: testSeed,
        runs: 10,
        ruleTimeoutMs: 20_000,
        startTimeoutMs: 10_000,
        limits: { ...defaultWireLimits, readTimeoutMs: 1000 },
        strict: false,
        options: { fixturesDir },
        select: () => true,
        replayCommand: (_s, id) => `npx rfcheck run http --target ${nginx.endpoint.host}:${nginx.endpoint.port} --rules '${id}'`,
      });
      const failing = report.rules.filter((r) => r.status === 'fail' || r.status === 'error');
      const explained = failing.map((r) => `${r.id}: ${r.message ?? ''}`);
      expect(failing.map((r) => r.id).sort(), explained.join('\n')).toEqual([...documentedDeviations].sort());
      expect(report.rules.filter((r) => r.status === 'skip').map((r) => r.id).sort()).toEqual(expectedSkips);
    } finally {
      await nginx.stop();
    }
  });
});
