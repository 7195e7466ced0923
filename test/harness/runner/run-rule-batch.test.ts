import { describe, expect, it } from 'vitest';
import { expectThat } from '../../../harness/core/expect.ts';
import type { RunIO } from '../../../harness/runner/run-io.ts';
import { runRule } from '../../../harness/runner/run-rule.ts';
import { exchangeNumber, numbers, oneRule, replayCounterexample, runnerSettings, useLengthServer } from './length-server.ts';

/** --batch: one run of a concurrent rule checks K inputs with one RunIO, sharing its connection. */

const target = useLengthServer();
const settings = runnerSettings(7, 60);

/** A rule failing for numbers of `digits` or more digits; records which RunIO and connection each check had. */
function rule(digits: number, options: { concurrent?: boolean; maxRuns?: number } = {}) {
  const seen = { ios: [] as RunIO[], ports: [] as number[] };
  const spec = oneRule({
    slug: 'short-numbers',
    level: 'MUST',
    title: `numbers of fewer than ${digits} digits`,
    input: numbers,
    concurrent: options.concurrent ?? true,
    ...(options.maxRuns ? { maxRuns: options.maxRuns } : {}),
    check: async (io, n: number) => {
      seen.ios.push(io);
      await exchangeNumber(io, n);
      expectThat(String(n).length < digits, `${n} has ${digits} digits or more`, `fewer than ${digits} digits`, String(n));
    },
  });
  return { rule: spec, seen };
}

describe('--batch', () => {
  it('checks K inputs per run with one RunIO, on one reused connection, and counts every input and exchange', async () => {
    const { rule: r, seen } = rule(99);
    const result = await runRule(r, target(), { fixturesDir: '.' }, { ...settings, batch: 10 });
    expect(result).toMatchObject({ status: 'pass', runs: 60, exchanges: 60 });
    // 6 runs of 10 inputs: each run's 10 checks share one RunIO.
    const runs = new Set(seen.ios);
    expect(runs.size).toBe(6);
    for (const io of runs) expect(seen.ios.filter((x) => x === io)).toHaveLength(10);
    // Each run opened one connection for its 10 exchanges.
    for (const io of runs) expect(io.transcript.toString().match(/connected to/g)).toHaveLength(1);
  });

  it('rounds the runs up to whole batches, and never batches more inputs than a capped rule allows', async () => {
    const uneven = rule(99);
    expect(await runRule(uneven.rule, target(), { fixturesDir: '.' }, { ...settings, runs: 25, batch: 10 })).toMatchObject({ status: 'pass', runs: 30 });
    const capped = rule(99, { maxRuns: 4 });
    expect(await runRule(capped.rule, target(), { fixturesDir: '.' }, { ...settings, batch: 32 })).toMatchObject({ status: 'pass', runs: 4 });
    expect(new Set(capped.seen.ios).size).toBe(1);
  });

  it('leaves a rule not marked concurrent one input per run on fresh connections', async () => {
    const { rule: r, seen } = rule(99, { concurrent: false });
    const result = await runRule(r, target(), { fixturesDir: '.' }, { ...settings, runs: 12, batch: 10 });
    expect(result).toMatchObject({ status: 'pass', runs: 12 });
    expect(new Set(seen.ios).size).toBe(12);
    for (const io of seen.ios) expect(io.reuse).toBe(false);
  });

  it('reports the failing input of a batch, shrunk, with its place in the batch, and replays it with the recorded size', async () => {
    const { rule: r } = rule(4);
    const result = await runRule(r, target(), { fixturesDir: '.' }, { ...settings, batch: 8, concurrency: 2 });
    expect(result.status).toBe('fail');
    const ce = result.counterexample;
    expect(ce?.batch?.size).toBe(8);
    // fast-check shrinks every input of the batch: the failing one to the smallest 4-digit number.
    expect(ce?.input).toMatch(/^1000 \(input \d of a batch of 8, /);
    expect(ce?.steps.at(-1)).toBe('send 1000');
    expect(ce?.transcript).toContain('C: 1000\\n');

    const replayed = await replayCounterexample(r, target(), settings, ce, { batch: ce?.batch?.size });
    expect(replayed.status).toBe('fail');
    expect(replayed.counterexample?.input).toBe(ce?.input);
    expect(replayed.counterexample?.batch).toEqual(ce?.batch);
  });

  it('counts no exchange for a failing check, and none for a suite whose helpers do not count', async () => {
    const silent = oneRule({
      slug: 'no-count',
      level: 'MUST',
      title: 'checks without counted exchanges',
      input: numbers,
      concurrent: true,
      check: async (io, n: number) => {
        const c = await io.tcp();
        await c.write(`${n}\n`);
        await c.readLine('the length');
      },
    });
    const result = await runRule(silent, target(), { fixturesDir: '.' }, { ...settings, runs: 10, batch: 5 });
    expect(result).toMatchObject({ status: 'pass', runs: 10 });
    expect(result.exchanges).toBeUndefined();
  });
});
