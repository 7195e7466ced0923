import { afterAll, beforeAll, describe, it } from 'vitest';
import { fixturesDir, loadSuites } from '../core/catalogue.ts';
import type { SuiteOptions } from '../core/rule.ts';
import { formatFailure } from '../report/terminal.ts';
import { runRule } from '../runner/run-rule.ts';
import { ruleMatcher } from '../runner/select-rules.ts';
import { type ActiveTarget, startTarget } from '../targets/start-target.ts';
import { type TargetSpec, parseEndpoint } from '../targets/target-spec.ts';
import { defaultWireLimits } from '../wire/limits.ts';

export interface ConformanceOptions {
  /** Rule patterns, as `--rules` (default: every rule of the suite). */
  rules?: string[];
  runs?: number;
  /** Fixed by default so a red test replays; change it to explore. */
  seed?: number;
  /** A failed SHOULD rule fails its test too (as --strict). */
  strict?: boolean;
  readTimeoutMs?: number;
  ruleTimeoutMs?: number;
  startTimeoutMs?: number;
  /** --user, --pass, --smtp, --zone, --mail-domain, --fixtures. */
  suiteOptions?: Partial<SuiteOptions>;
}

/**
 * Registers one vitest test per rule of `suite` against `target` inside the caller's test file:
 *
 *   conformance('http', '127.0.0.1:8080');
 *   conformance('echo-udp', { kind: 'spawn', command: 'python3 server.py {port}' }, { runs: 50 });
 *
 * `target` is 'reference', 'host:port', or a TargetSpec. A failed rule fails its test with the
 * same explanation `rfcheck run` prints (counterexample, transcript); a skipped rule passes and
 * says why in an annotation; a failed SHOULD or MAY rule passes with an annotation unless
 * `strict`; an undecided rule (error) fails.
 */
export function conformance(suiteName: string, target: TargetSpec | string, options: ConformanceOptions = {}): void {
  const spec: TargetSpec = typeof target !== 'string' ? target : target === 'reference' ? { kind: 'reference' } : { kind: 'address', endpoint: parseEndpoint(target) };
  const seed = options.seed ?? 20261121;
  const limits = { ...defaultWireLimits, readTimeoutMs: options.readTimeoutMs ?? defaultWireLimits.readTimeoutMs };
  const suiteOptions: SuiteOptions = { fixturesDir, ...options.suiteOptions };
  const ruleTimeoutMs = options.ruleTimeoutMs ?? 30_000;

  describe(`rfcheck ${suiteName}`, async () => {
    const suite = (await loadSuites()).find((s) => s.name === suiteName);
    if (!suite) throw new Error(`rfcheck has no suite '${suiteName}'`);
    const selected = suite.rules.filter((r) => ruleMatcher(options.rules ?? [])(r.id));
    let active: ActiveTarget | undefined;
    beforeAll(async () => {
      active = await startTarget(suite, spec, { fixturesDir: suiteOptions.fixturesDir, suiteOptions, startTimeoutMs: options.startTimeoutMs ?? 10_000, limits });
    }, (options.startTimeoutMs ?? 10_000) + 5000);
    afterAll(async () => active?.close());

    for (const rule of selected) {
      it(`${rule.id} [${rule.level}] ${rule.title}`, { timeout: ruleTimeoutMs + limits.readTimeoutMs * 2 + 5000 }, async ({ annotate }) => {
        if (!active) throw new Error('the target did not start');
        const result = await runRule(rule, active, suiteOptions, {
          seed,
          runs: options.runs ?? 100,
          ruleTimeoutMs,
          limits,
          replayCommand: (id) => `vitest -t '${id}' (seed ${seed})`,
        });
        const counts = rule.level === 'MUST' || (options.strict === true && rule.level === 'SHOULD');
        if (result.status === 'skip') await annotate(`not applicable: ${result.message ?? ''}`);
        if (result.status === 'error' || (result.status === 'fail' && counts)) throw new Error(formatFailure(result).join('\n'));
        if (result.status === 'fail') await annotate(`${rule.level} rule failed (not counted without strict): ${result.message ?? ''}`, 'warning');
      });
    }
  });
}
