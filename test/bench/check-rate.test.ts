import { describe, expect, it } from 'vitest';
import { loadSuites } from '../../harness/core/catalogue.ts';
import { type ConcurrentRate, medianRound, suiteCheckRate, suiteFuzzRate } from '../../bench/check-rate.ts';

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

describe('the sustained rate over rounds', () => {
  const round = (exchangesPerSecond: number, trouble: Partial<ConcurrentRate> = {}): ConcurrentRate => ({
    suite: 'dns-auth', checks: 10, exchanges: 10, exchangesPerSecond, seconds: 1, checksPerSecond: 10, cpuMsPerCheck: 0.05, notPassing: 0,
    what: 'test', concurrency: 32, batch: 32, runsPerRule: 10, rules: 1, ...trouble,
  });

  it('is the median round, with every round\'s rate beside it', () => {
    expect(medianRound([round(30), round(10), round(20)])).toMatchObject({ exchangesPerSecond: 20, rounds: [30, 10, 20] });
    // an even count takes the lower middle round, never a rate no round measured
    expect(medianRound([round(40), round(10), round(30), round(20)]).exchangesPerSecond).toBe(20);
  });

  it('shows a round that failed rather than hiding it behind the median', () => {
    expect(medianRound([round(30), round(25, { notPassing: 1 }), round(20)])).toMatchObject({ exchangesPerSecond: 25, notPassing: 1 });
    expect(medianRound([round(30), round(0, { error: 'spawn failed' })]).error).toBe('spawn failed');
    expect(() => medianRound([])).toThrow(RangeError);
  });
});
