import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectThat } from '../../../harness/core/expect.ts';
import { laneRuns, laneSeed, runRule } from '../../../harness/runner/run-rule.ts';
import { exchangeNumber, numbers, oneRule, replayCounterexample, runnerSettings, useLengthServer } from './length-server.ts';

const target = useLengthServer();
const settings = runnerSettings(42, 60);

/** A concurrent rule that fails only for the numbers in `bad`, counting checks in flight. */
function planted(bad: Set<number>, concurrent = true) {
  const seen = { inFlight: 0, most: 0 };
  const rule = oneRule({
    slug: 'planted',
    level: 'MUST',
    title: 'no planted number',
    input: numbers,
    concurrent,
    check: async (io, n: number) => {
      seen.inFlight += 1;
      seen.most = Math.max(seen.most, seen.inFlight);
      try {
        await exchangeNumber(io, n);
        expectThat(!bad.has(n), `${n} is planted`, 'an unplanted number', String(n));
      } finally {
        seen.inFlight -= 1;
      }
    },
  });
  return { rule, seen };
}

describe('lanes', () => {
  it('split the runs evenly and give lane 0 the rule seed', () => {
    for (const [runs, lanes] of [[100, 4], [7, 3], [3, 3], [1, 1]] as const) {
      const shares = Array.from({ length: lanes }, (_, i) => laneRuns(runs, lanes, i));
      expect(shares.reduce((a, b) => a + b, 0)).toBe(runs);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    }
    expect(laneSeed(42, 0)).toBe(42);
    const seeds = Array.from({ length: 16 }, (_, i) => laneSeed(2 ** 31 - 1, i));
    expect(new Set(seeds).size).toBe(16);
    for (const seed of seeds) expect(seed >= 0 && seed <= 2 ** 31 - 1).toBe(true);
  });

  it('run a concurrent rule several checks at a time, every run counted once', async () => {
    const { rule, seen } = planted(new Set());
    const result = await runRule(rule, target(), { fixturesDir: '.' }, { ...settings, concurrency: 4 });
    expect(result).toMatchObject({ status: 'pass', runs: 60 });
    expect(seen.most).toBe(4);
  });

  it('leave a rule not marked concurrent one check at a time', async () => {
    const { rule, seen } = planted(new Set(), false);
    const result = await runRule(rule, target(), { fixturesDir: '.' }, { ...settings, concurrency: 4 });
    expect(result).toMatchObject({ status: 'pass', runs: 60 });
    expect(seen.most).toBe(1);
  });

  it('with concurrency 1 give exactly the sequential result', async () => {
    const sequence = fc.sample(numbers, { seed: 42, numRuns: 60 });
    const bad = new Set([sequence[30] as number]);
    const sequential = await runRule(planted(bad, false).rule, target(), { fixturesDir: '.' }, settings);
    const oneLane = await runRule(planted(bad).rule, target(), { fixturesDir: '.' }, { ...settings, concurrency: 1 });
    expect(sequential.status).toBe('fail');
    expect(oneLane.runs).toBe(sequential.runs);
    expect(oneLane.counterexample).toEqual(sequential.counterexample);
  });

  it('find a failure planted in one lane, shrink it, and report that lane seed so it replays', async () => {
    // The number lane 2 draws first, which no other lane draws: only lane 2 can fail.
    const lanes = 4;
    const drawn = Array.from({ length: lanes }, (_, i) => fc.sample(numbers, { seed: laneSeed(settings.seed, i), numRuns: laneRuns(settings.runs, lanes, i) }));
    const value = (drawn[2] as number[]).find((n) => drawn.every((other, i) => i === 2 || !other.includes(n))) as number;
    expect(value).toBeDefined();
    const { rule } = planted(new Set([value]));
    const result = await runRule(rule, target(), { fixturesDir: '.' }, { ...settings, concurrency: lanes });
    expect(result.status).toBe('fail');
    const ce = result.counterexample;
    expect(ce?.seed).toBe(laneSeed(settings.seed, 2));
    expect(ce?.input).toBe(String(value));
    expect(ce?.steps).toEqual([`send ${value}`]);
    expect(ce?.transcript).toContain(`C: ${value}\\n`);
    // Checks stop in the other lanes once one fails; those that ran are counted.
    expect(result.runs).toBeGreaterThan(0);
    expect(result.runs).toBeLessThanOrEqual(settings.runs);

    // What `rfcheck replay` does: the recorded seed and path, one run, whatever --concurrency says.
    const replayed = await replayCounterexample(rule, target(), settings, ce, { concurrency: lanes });
    expect(replayed.status).toBe('fail');
    expect(replayed.runs).toBe(1);
    expect(replayed.counterexample?.input).toBe(ce?.input);
    expect(replayed.counterexample?.seed).toBe(ce?.seed);
  });

  it('shrink a failure found in a lane to the smallest failing input', async () => {
    const rule = oneRule({
      slug: 'small-numbers',
      level: 'MUST',
      title: 'numbers under 1000',
      input: numbers,
      concurrent: true,
      check: async (io, n: number) => {
        await exchangeNumber(io, n);
        expectThat(n < 1000, `${n} is not under 1000`);
      },
    });
    const result = await runRule(rule, target(), { fixturesDir: '.' }, { ...settings, concurrency: 3 });
    expect(result.status).toBe('fail');
    expect(result.counterexample?.input).toBe('1000');
    expect([0, 1, 2].map((i) => laneSeed(settings.seed, i))).toContain(result.counterexample?.seed);
  });

  it('keep the rule deadline: lanes whose checks never end give an error verdict', async () => {
    const rule = oneRule({
      slug: 'stuck',
      level: 'MUST',
      title: 'never answers',
      input: numbers,
      concurrent: true,
      check: async (io) => {
        const c = await io.tcp();
        await c.readLine('an answer that never comes', { timeoutMs: 60_000 });
      },
    });
    const result = await runRule(rule, target(), { fixturesDir: '.' }, { ...settings, ruleTimeoutMs: 200, limits: { ...settings.limits, readTimeoutMs: 100 }, concurrency: 4 });
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/deadline/);
  });
});
