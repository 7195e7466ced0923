import { describe, expect, it } from 'vitest';
import { loadSuites } from '../../harness/core/catalogue.ts';
import { suiteCheckRate, suiteFuzzRate } from '../../bench/check-rate.ts';

describe('check and fuzz rates', () => {
  it('count the rule runs of a suite against its reference, and the inputs its generators make', async () => {
    const suite = (await loadSuites()).find((s) => s.name === 'echo-tcp');
    if (!suite) throw new Error('no echo-tcp suite');
    const check = await suiteCheckRate(suite, 2);
    expect(check.error).toBeUndefined();
    expect(check.notPassing).toBe(0);
    expect(check.checks).toBe(suite.rules.reduce((sum, rule) => sum + Math.min(2, rule.maxRuns ?? 2), 0));
    expect(check.checksPerSecond).toBeCloseTo(check.checks / check.seconds, 6);
    const fuzz = suiteFuzzRate(suite, 5);
    expect(fuzz.generated).toBe(5 * suite.rules.length);
  });
});
