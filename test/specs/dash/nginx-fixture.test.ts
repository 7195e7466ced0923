import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { writeFixture } from '../../../specs/dash/fixture-presentation.ts';
import { runAgainstAddress } from '../../support/mutant-matrix.ts';
import { useNginxServing } from './dash-nginx.ts';

/**
 * The generated presentation as a student would serve it: written to a folder (what
 * `rfcheck dash-fixtures DIR` does) and served by a static server, Debian's nginx. The fixture
 * contract (fixtures/dash/README.md) promises that any correct static server passes with it.
 */
describe('dash suite against nginx serving the generated fixture (rfcheck dash-fixtures)', () => {
  const served = useNginxServing(async (docroot) => {
    expect(await writeFixture(fixturesDir, docroot)).toBeGreaterThan(24);
  });

  it('passes every rule', async () => {
    const { nginx } = served();
    const report = await runAgainstAddress('dash', nginx.endpoint, { runs: 10, readTimeoutMs: 5000, ruleTimeoutMs: 60_000 });
    expect(report.rules.length).toBeGreaterThanOrEqual(25);
    const notPassing = report.rules.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`);
    expect(notPassing, `nginx output: ${nginx.output()}`).toEqual([]);
  }, 180_000);
});
