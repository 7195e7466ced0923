import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectThat } from '../../../harness/core/expect.ts';
import { RunIO } from '../../../harness/runner/run-io.ts';
import { runRule } from '../../../harness/runner/run-rule.ts';
import { oneRule, runnerSettings, useLengthServer } from './length-server.ts';

/** RunIO.afterPass: what a check left on the target is removed after a passing run, kept after a failing one. */

const target = useLengthServer();
const settings = runnerSettings(11, 20);

/** A rule whose check "leaves" its input on the target and registers its removal; it fails from `failFrom` on. */
function leavingRule(failFrom: number, options: { undoFails?: boolean } = {}) {
  const left = new Set<number>();
  const connectionsOpenAtUndo: boolean[] = [];
  const rule = oneRule({
    slug: 'leaves-a-file',
    level: 'MUST',
    title: 'a check that leaves something on the target',
    input: fc.integer({ min: 0, max: 1000 }),
    check: async (io, n: number) => {
      const connection = await io.tcp();
      left.add(n);
      io.afterPass(`entry ${n}`, async () => {
        connectionsOpenAtUndo.push(connection.isIdle);
        if (options.undoFails) throw new Error('the target refused the removal');
        left.delete(n);
      });
      expectThat(n < failFrom, `${n} is too large`);
    },
  });
  return { rule, left, connectionsOpenAtUndo };
}

describe('tidying up after a run', () => {
  it('removes what every passing run left, after closing the run\'s connections', async () => {
    const { rule, left, connectionsOpenAtUndo } = leavingRule(Number.POSITIVE_INFINITY);
    const result = await runRule(rule, target(), { fixturesDir: '.' }, settings);
    expect(result.status).toBe('pass');
    expect(connectionsOpenAtUndo).toHaveLength(20);
    expect(connectionsOpenAtUndo.every((open) => !open)).toBe(true);
    expect([...left]).toEqual([]);
  });

  it('leaves the failing run\'s entry on the target for inspection', async () => {
    const { rule, left } = leavingRule(500);
    const result = await runRule(rule, target(), { fixturesDir: '.' }, { ...settings, runs: 100 });
    expect(result.status).toBe('fail');
    expect(left.size).toBeGreaterThan(0);
    expect([...left].every((n) => n >= 500)).toBe(true);
  });

  it('a removal that fails changes no verdict', async () => {
    const { rule, left } = leavingRule(Number.POSITIVE_INFINITY, { undoFails: true });
    const result = await runRule(rule, target(), { fixturesDir: '.' }, settings);
    expect(result.status).toBe('pass');
    expect(left.size).toBeGreaterThan(0);
  });
});

describe('a run that has ended', () => {
  it('opens no further socket for a check still running: the socket is closed and the check gets an error', async () => {
    const io = new RunIO(target().endpoint, {}, { fixturesDir: '.' }, settings.limits, new AbortController().signal);
    io.dispose();
    await expect(io.udp()).rejects.toThrow(/the run has ended/);
    await expect(io.tcp()).rejects.toThrow(/the run has ended/);
  });
});
