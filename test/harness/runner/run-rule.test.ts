import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectThat } from '../../../harness/core/expect.ts';
import { runRule } from '../../../harness/runner/run-rule.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';
import { scriptedServer } from '../../support/scripted-server.ts';
import { oneRule, useLengthServer } from './length-server.ts';

const target = useLengthServer();
const settings = { seed: 42, runs: 50, ruleTimeoutMs: 10_000, limits: { ...defaultWireLimits, readTimeoutMs: 300 }, replayCommand: (id: string) => `replay ${id}` };


/** A rule that the length-server fails for lines of 10 or more characters. */
const shortLines = oneRule({
  slug: 'short-lines',
  level: 'MUST',
  title: 'lengths under 10',
  input: fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 40 }),
  check: async (io, text: string) => {
    const c = await io.tcp();
    io.step(`send ${text}`);
    await c.write(`${text}\n`);
    const { text: answer } = await c.readLine('the length');
    expectThat(Number(answer) < 10, `length ${answer} is not under 10`, 'under 10', answer);
  },
});

describe('runRule', () => {
  it('passes a rule the target meets, counting its runs', async () => {
    const rule = oneRule({ ...shortLines, slug: 'any', check: async (io, text: string) => {
      const c = await io.tcp();
      await c.write(`${text}\n`);
      expectThat((await c.readLine()).text === String(text.length), 'wrong length');
    } });
    const result = await runRule(rule, target(), { fixturesDir: '.' }, settings);
    expect(result).toMatchObject({ status: 'pass', runs: 50 });
  });

  it('fails with the shrunk counterexample, its own transcript and steps', async () => {
    const result = await runRule(shortLines, target(), { fixturesDir: '.' }, settings);
    expect(result.status).toBe('fail');
    const ce = result.counterexample;
    expect(ce?.input).toBe('"aaaaaaaaaa"');
    expect(ce?.steps).toEqual(['send aaaaaaaaaa']);
    expect(ce?.transcript).toContain('C: aaaaaaaaaa\\n');
    expect(ce?.transcript).toContain('S: 10\\n');
    expect(ce).toMatchObject({ expected: 'under 10', actual: '10', replay: 'replay t/1/short-lines', seed: 42 });
  });

  it('replays a recorded path in one run to the same counterexample', async () => {
    const first = await runRule(shortLines, target(), { fixturesDir: '.' }, settings);
    const replayed = await runRule(shortLines, target(), { fixturesDir: '.' }, { ...settings, replayPath: first.counterexample?.path });
    expect(replayed.status).toBe('fail');
    expect(replayed.counterexample?.input).toBe(first.counterexample?.input);
    expect(replayed.runs).toBe(1);
  });

  it('skips a rule whose check says it does not apply', async () => {
    const rule = oneRule({ ...shortLines, slug: 'skips', check: async (io) => io.notApplicable('no such capability') });
    expect(await runRule(rule, target(), { fixturesDir: '.' }, settings)).toMatchObject({ status: 'skip', message: 'no such capability' });
  });

  it('an unreachable target is an error, not a failure', async () => {
    const rule = oneRule({ ...shortLines, slug: 'unreachable' });
    const result = await runRule(rule, { endpoint: { host: '127.0.0.1', port: 1 }, endpoints: {} }, { fixturesDir: '.' }, settings);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/ECONNREFUSED/);
  });

  it('a bug in a check is reported as a harness error, never blamed on the target', async () => {
    const rule = oneRule({ ...shortLines, slug: 'buggy', check: async () => { JSON.parse('{'); } });
    const result = await runRule(rule, target(), { fixturesDir: '.' }, settings);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/internal error in the check/);
  });

  it('a silent target fails the rule at the read deadline', async () => {
    const silent = await scriptedServer(() => {});
    try {
      const result = await runRule(shortLines, { endpoint: { host: '127.0.0.1', port: silent.port }, endpoints: {} }, { fixturesDir: '.' }, { ...settings, runs: 3 });
      expect(result.status).toBe('fail');
      expect(result.message).toBe('no the length within 300 ms');
    } finally {
      await silent.close();
    }
  });

  it('stops at the rule deadline and says so when no run completed', async () => {
    const rule = oneRule({ ...shortLines, slug: 'slow', check: () => new Promise<void>((resolve) => setTimeout(resolve, 5000)) });
    const result = await runRule(rule, target(), { fixturesDir: '.' }, { ...settings, ruleTimeoutMs: 200, limits: { ...settings.limits, readTimeoutMs: 100 } });
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/deadline/);
    expect(result.durationMs).toBeLessThan(4000);
  });
});

describe('secrets', () => {
  it('never writes the --pass value into a transcript or step', async () => {
    const rule = oneRule({
      ...shortLines,
      slug: 'logs-in',
      check: async (io, text: string) => {
        const c = await io.tcp();
        io.step(`PASS ${io.options.pass ?? ''}`);
        await c.write(`PASS ${io.options.pass ?? ''} ${text}aaaaaaaaaaaa\n`);
        const { text: answer } = await c.readLine('the length');
        expectThat(Number(answer) < 10, 'too long');
      },
    });
    const result = await runRule(rule, target(), { fixturesDir: '.', pass: 's3cr\u00e9t' }, { ...settings, runs: 3 });
    expect(result.status).toBe('fail');
    expect(result.counterexample?.steps).toEqual(['PASS ********']);
    expect(result.counterexample?.transcript).toContain('C: PASS ******** ');
    expect(JSON.stringify(result)).not.toMatch(/s3cr/);
  });
});

describe('partly applicable rules', () => {
  it('pass when some runs applied and passed, saying how many did not apply', async () => {
    const rule = oneRule({
      ...shortLines,
      slug: 'sometimes',
      input: fc.integer({ min: 0, max: 9 }),
      check: async (io, n: number) => {
        if (n % 2 === 0) io.notApplicable('even inputs need a capability the target lacks');
      },
    });
    const result = await runRule(rule, target(), { fixturesDir: '.' }, { ...settings, runs: 20 });
    expect(result.status).toBe('pass');
    expect(result.message).toMatch(/^\d+ of 20 runs were not applicable: even inputs/);
  });
});
