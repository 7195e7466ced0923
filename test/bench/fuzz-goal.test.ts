import { describe, expect, it } from 'vitest';
import { type FuzzExecRate, fuzzGoal } from '../../bench/fuzz-rate.ts';

const rate = (suite: string, execsPerSecond: number, more: Partial<FuzzExecRate> = {}): FuzzExecRate => ({ suite, execs: execsPerSecond * 3, execsPerSecond, corpusSessions: 5, probe: 'reply-shape', findings: 0, ...more });

describe('the fuzz-rate goal', () => {
  it('is judged on the slowest suite', () => {
    expect(fuzzGoal([rate('echo-tcp', 5000), rate('imap', 1500)])).toMatchObject({ measured: 1500, met: true, note: 'slowest: imap' });
    expect(fuzzGoal([rate('echo-tcp', 5000), rate('http2', 900)])).toMatchObject({ measured: 900, met: false });
  });

  it('is missed when a suite could not be fuzzed, and says which', () => {
    const goal = fuzzGoal([rate('echo-tcp', 5000), rate('dns-resolver', 0, { error: 'no target' })]);
    expect(goal).toMatchObject({ measured: 0, met: false });
    expect(goal.note).toContain('not fuzzed: dns-resolver');
  });

  it('is not measured without the fuzz part', () => {
    expect(fuzzGoal(undefined).met).toBeUndefined();
  });
});
