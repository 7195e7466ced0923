import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { longestFirst, previousDurations } from '../../../harness/cli/commands/run.ts';
import type { Suite } from '../../../harness/core/suite.ts';

const suites = ['alpha', 'beta', 'gamma', 'delta'].map((name) => ({ name }) as Suite);

describe('the order `run all --jobs N` starts suites in', () => {
  it('is longest first by the previous report, unknown suites last, ties in catalogue order', () => {
    const durations = new Map([['alpha', 1000], ['beta', 60_000], ['delta', 1000]]);
    expect(longestFirst(suites, durations)).toEqual([1, 0, 3, 2]);
  });

  it('is the catalogue order when no earlier report says anything', () => {
    expect(longestFirst(suites, new Map())).toEqual([0, 1, 2, 3]);
  });

  it("uses a suite's typicalSeconds when no earlier report gives its duration", () => {
    const hinted = [{ name: 'alpha', typicalSeconds: 2 }, { name: 'beta' }, { name: 'gamma', typicalSeconds: 40 }, { name: 'delta', typicalSeconds: 9 }] as Suite[];
    expect(longestFirst(hinted, new Map())).toEqual([2, 3, 0, 1]);
    expect(longestFirst(hinted, new Map([['gamma', 1000]]))).toEqual([3, 0, 2, 1]);
  });

  it('reads the durations of an earlier JSON report, and nothing from a missing or broken one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-order-'));
    const report = path.join(dir, 'report.json');
    writeFileSync(report, JSON.stringify({ suites: [{ suite: 'beta', durationMs: 42 }, { suite: 'gamma' }] }));
    expect([...(await previousDurations(report))]).toEqual([['beta', 42]]);
    expect((await previousDurations(path.join(dir, 'missing.json'))).size).toBe(0);
    writeFileSync(report, '{ not json');
    expect((await previousDurations(report)).size).toBe(0);
  });
});
