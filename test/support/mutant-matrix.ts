import { afterAll, describe, expect, it } from 'vitest';
import { fixturesDir, loadMutants, loadSuites } from '../../harness/core/catalogue.ts';
import type { Mutant, Suite } from '../../harness/core/suite.ts';
import type { SuiteReport } from '../../harness/report/model.ts';
import type { SuiteOptions } from '../../harness/core/rule.ts';
import { type SuiteRunSettings, runSuite } from '../../harness/runner/run-suite.ts';
import { type Endpoint, defaultWireLimits } from '../../harness/wire/limits.ts';
import { testSeed } from './fixed-seed.ts';

export interface MatrixSettings {
  runs?: number;
  /** --batch: inputs per run of each rule marked concurrent. */
  batch?: number;
  /** Run only these rules. */
  select?: (ruleId: string) => boolean;
  /** Target data (--user, --pass, --mail-domain, …); fixturesDir defaults to the shipped one. */
  options?: Partial<SuiteOptions>;
  readTimeoutMs?: number;
  ruleTimeoutMs?: number;
  /**
   * Run the mutants concurrently (vitest's maxConcurrency at a time). Only for suites whose
   * servers all listen on ephemeral ports: a mutant bound to a fixed port would collide.
   */
  concurrent?: boolean;
}

/** Runs every rule of `suite` against `server` (the reference unless a mutant's is given). */
export async function runAgainst(suite: Suite, server: Suite['reference'], settings: MatrixSettings = {}): Promise<SuiteReport> {
  return runSuite({ ...suite, reference: server }, { kind: 'reference' }, runSettings(settings));
}

/** Runs every rule of the named suite against a server already listening (nginx, nsd, …). */
export async function runAgainstAddress(suiteName: string, endpoint: Endpoint, settings: MatrixSettings = {}): Promise<SuiteReport> {
  const suite = (await loadSuites()).find((s) => s.name === suiteName);
  if (!suite) throw new Error(`no suite ${suiteName}`);
  return runSuite(suite, { kind: 'address', endpoint }, runSettings(settings));
}

function runSettings(settings: MatrixSettings): SuiteRunSettings {
  return {
    seed: testSeed,
    runs: settings.runs ?? 40,
    ruleTimeoutMs: settings.ruleTimeoutMs ?? 20_000,
    startTimeoutMs: 10_000,
    limits: { ...defaultWireLimits, readTimeoutMs: settings.readTimeoutMs ?? 1000 },
    strict: false,
    options: { fixturesDir, ...settings.options },
    select: settings.select ?? (() => true),
    replayCommand: (_s, id) => `npx rfcheck replay - ${id}`,
    ...(settings.batch ? { batch: settings.batch } : {}),
  };
}

/**
 * The proof that verdicts mean something, for one suite: the reference passes every rule; each
 * planted-bug server fails exactly the rules its `catches` names; every rule is some mutant's
 * catch. Prints the table mutant → failing rules.
 */
export function describeMutantMatrix(suiteName: string, settings: MatrixSettings = {}): void {
  describe(`${suiteName}: reference and planted-bug servers`, async () => {
    const suite = (await loadSuites()).find((s) => s.name === suiteName);
    if (!suite) throw new Error(`no suite ${suiteName}`);
    const mutants = (await loadMutants()).filter((m) => m.suite === suiteName);
    const table: string[] = [];
    afterAll(() => {
      process.stdout.write(`\nmutant table for ${suiteName}:\n${table.join('\n')}\n`);
    });

    it('the reference passes every rule', async () => {
      const report = await runAgainst(suite, suite.reference, settings);
      const notPassing = report.rules.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`);
      expect(notPassing).toEqual([]);
    });

    it('every rule has a planted-bug server that it catches', () => {
      const caught = new Set(mutants.flatMap((m) => m.catches));
      const uncovered = suite.rules.map((r) => r.id).filter((id) => !caught.has(id));
      expect(uncovered).toEqual([]);
      const unknown = [...caught].filter((id) => !suite.rules.some((r) => r.id === id));
      expect(unknown).toEqual([]);
    });

    const test = settings.concurrent ? it.concurrent : it;
    for (const mutant of mutants) {
      test(`mutant ${mutant.name} (${mutant.bug}) fails exactly ${mutant.catches.length} rule(s)`, async () => {
        const failing = await failingRules(suite, mutant, settings);
        table.push(`  ${mutant.name.padEnd(34)} → ${failing.join(', ') || '(nothing failed)'}`);
        expect(failing).toEqual([...mutant.catches].sort());
      });
    }
  });
}

async function failingRules(suite: Suite, mutant: Mutant, settings: MatrixSettings): Promise<string[]> {
  const report = await runAgainst(suite, mutant.server, settings);
  return report.rules
    .filter((r) => r.status === 'fail' || r.status === 'error')
    .map((r) => r.id)
    .sort();
}

/**
 * The same proof for `--batch`, on the suite's rules marked concurrent: batched runs (one socket
 * or persistent connection for several inputs) must not change a verdict. The reference passes
 * them; each planted bug fails exactly the concurrent rules among its catches.
 */
export function describeBatchedVerdicts(suiteName: string, settings: MatrixSettings & { batch: number }): void {
  describe(`${suiteName}: verdicts of the concurrent rules with --batch ${settings.batch}`, async () => {
    const suite = (await loadSuites()).find((s) => s.name === suiteName);
    if (!suite) throw new Error(`no suite ${suiteName}`);
    const concurrent = new Set(suite.rules.filter((r) => r.concurrent === true).map((r) => r.id));
    const batched = { ...settings, select: (id: string) => concurrent.has(id) };
    const mutants = (await loadMutants()).filter((m) => m.suite === suiteName && m.catches.some((id) => concurrent.has(id)));

    it('the suite has concurrent rules, each caught by some planted bug', () => {
      expect(concurrent.size).toBeGreaterThan(0);
      expect([...concurrent].filter((id) => !mutants.some((m) => m.catches.includes(id)))).toEqual([]);
    });

    it('the reference passes them', async () => {
      const report = await runAgainst(suite, suite.reference, batched);
      expect(report.rules.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`)).toEqual([]);
      expect(report.rules.map((r) => r.id).sort()).toEqual([...concurrent].sort());
    });

    const test = settings.concurrent ? it.concurrent : it;
    for (const mutant of mutants) {
      const expected = mutant.catches.filter((id) => concurrent.has(id)).sort();
      test(`mutant ${mutant.name} fails exactly ${expected.length} concurrent rule(s)`, async () => {
        expect(await failingRules(suite, mutant, batched)).toEqual(expected);
      });
    }
  });
}
