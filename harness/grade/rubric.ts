import { UsageError } from '../core/errors.ts';
import type { Level } from '../core/rule.ts';
import type { RuleResult } from '../report/model.ts';
import { ruleMatcher } from '../runner/select-rules.ts';

/**
 * How rules turn into points. Default: MUST 2, SHOULD 1, MAY 0; a skipped rule (the server
 * lacks what the rule is about) earns its points; errors earn nothing. A rubric file (JSON)
 * overrides any of it:
 *   { "weights": { "MUST": 3, "SHOULD": 1, "MAY": 0 },
 *     "rules": { "http/9112-6.*": 4, "echo-udp/2.7.1/empty-datagram-answered": 0 },
 *     "skipEarnsPoints": false }
 * Rule patterns are the globs of --rules; the first matching pattern wins.
 */
export interface Rubric {
  weights: Record<Level, number>;
  rules: { pattern: string; points: number }[];
  skipEarnsPoints: boolean;
}

export const defaultRubric: Rubric = { weights: { MUST: 2, SHOULD: 1, MAY: 0 }, rules: [], skipEarnsPoints: true };

export function parseRubric(text: string, file: string): Rubric {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${file} must be a JSON object`);
  const raw = value as { weights?: unknown; rules?: unknown; skipEarnsPoints?: unknown };
  const points = (v: unknown, where: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new UsageError(`${file}: ${where} must be a number ≥ 0`);
    return v;
  };
  const weights = { ...defaultRubric.weights };
  if (raw.weights !== undefined) {
    if (typeof raw.weights !== 'object' || raw.weights === null) throw new UsageError(`${file}: weights must be an object`);
    for (const [level, weight] of Object.entries(raw.weights)) {
      if (!(level in weights)) throw new UsageError(`${file}: weights has an unknown level '${level}' (MUST, SHOULD, MAY)`);
      weights[level as Level] = points(weight, `weights.${level}`);
    }
  }
  const rules: Rubric['rules'] = [];
  if (raw.rules !== undefined) {
    if (typeof raw.rules !== 'object' || raw.rules === null) throw new UsageError(`${file}: rules must be an object of pattern → points`);
    for (const [pattern, weight] of Object.entries(raw.rules)) rules.push({ pattern, points: points(weight, `rules['${pattern}']`) });
  }
  if (raw.skipEarnsPoints !== undefined && typeof raw.skipEarnsPoints !== 'boolean') throw new UsageError(`${file}: skipEarnsPoints must be true or false`);
  return { weights, rules, skipEarnsPoints: raw.skipEarnsPoints ?? defaultRubric.skipEarnsPoints };
}

export function maxPoints(rubric: Rubric, rule: Pick<RuleResult, 'id' | 'level'>): number {
  const override = rubric.rules.find((r) => ruleMatcher([r.pattern])(rule.id));
  return override ? override.points : rubric.weights[rule.level];
}

export function pointsEarned(rubric: Rubric, rule: Pick<RuleResult, 'id' | 'level' | 'status'>): number {
  const max = maxPoints(rubric, rule);
  if (rule.status === 'pass') return max;
  if (rule.status === 'skip') return rubric.skipEarnsPoints ? max : 0;
  return 0;
}
