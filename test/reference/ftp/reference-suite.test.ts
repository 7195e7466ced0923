import { describe, expect, it } from 'vitest';
import { loadSuites } from '../../../harness/core/catalogue.ts';
import { runAgainst } from '../../support/mutant-matrix.ts';

/**
 * The reference against its suite with more runs per rule than the mutant matrix can afford,
 * and the rule catalogue's own consistency (ids unique across the four RFCs it cites).
 */
describe('ftp reference against the ftp suite', () => {
  it('passes every rule with 15 runs each', async () => {
    const suite = (await loadSuites()).find((s) => s.name === 'ftp');
    if (!suite) throw new Error('no ftp suite');
    const report = await runAgainst(suite, suite.reference, { runs: 15, readTimeoutMs: 2000 });
    expect(report.rules.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`)).toEqual([]);
    expect(report.rules.length).toBeGreaterThanOrEqual(40);
  });

  it('gives every rule a distinct id', async () => {
    const suite = (await loadSuites()).find((s) => s.name === 'ftp');
    const ids = suite?.rules.map((r) => r.id) ?? [];
    expect(new Set(ids).size).toBe(ids.length);
  });
});
