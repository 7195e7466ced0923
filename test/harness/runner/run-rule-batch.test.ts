import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectThat } from '../../../harness/core/expect.ts';
import type { RunIO } from '../../../harness/runner/run-io.ts';
import { runRule } from '../../../harness/runner/run-rule.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';
import { oneRule, useLengthServer } from './length-server.ts';

/** --batch: one run of a concurrent rule checks K inputs with one RunIO, sharing its connection. */

const target = useLengthServer();
const settings = { seed: 7, runs: 60, ruleTimeoutMs: 20_000, limits: { ...defaultWireLimits, readTimeoutMs: 2000 }, replayCommand: (id: string) => `replay ${id}` };
const numbers = fc.integer({ min: 0, max: 1_000_000 });


/**
 * Sends the number on the run's connection (kept idle between checks when the run reuses, as
 * the suites' exchange helpers do) and checks the length the target answers.
 */
async function exchangeNumber(io: RunIO, n: number): Promise<void> {
  const { connection: c } = await io.tcpForExchange();
  io.step(`send ${n}`);
  await c.write(`${n}\n`);
  const { text } = await c.readLine('the length');
  io.exchanged();
  io.keepIdle(c);
  expectThat(text === String(String(n).length), `length ${text} for ${n}`);
}

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

    const replayed = await runRule(r, target(), { fixturesDir: '.' }, { ...settings, seed: ce?.seed ?? 0, runs: 1, replayPath: ce?.path, batch: ce?.batch?.size });
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
