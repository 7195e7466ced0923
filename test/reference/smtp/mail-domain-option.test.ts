import { describe, expect, it } from 'vitest';
import { loadSuites } from '../../../harness/core/catalogue.ts';
import { runAgainst } from '../../support/mutant-matrix.ts';

/**
 * `rfcheck run smtp --mail-domain D` against the reference: the rules address mail to D, so
 * the reference started for the run must take D as its local domain (ServerStartOptions carries
 * the run's target-data options), or every rule about local mailboxes would fail.
 */
describe('smtp reference and --mail-domain', () => {
  it('serves the domain the run names, and every rule passes', async () => {
    const suite = (await loadSuites()).find((s) => s.name === 'smtp');
    if (!suite) throw new Error('no smtp suite');
    const report = await runAgainst(suite, suite.reference, { runs: 5, options: { mailDomain: 'campus.example' } });
    const notPassing = report.rules.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`);
    expect(notPassing).toEqual([]);
  }, 300_000);
});
