import type { Level } from '../core/rule.ts';

/**
 * The report model. Its JSON form is a contract (shared/DESIGN.md): fields may be added, none
 * renamed or removed.
 */

export type Status = 'pass' | 'fail' | 'skip' | 'error';

export interface Counterexample {
  seed: number;
  /** fast-check's replay path: with the seed, reproduces the shrunk input in one run. */
  path: string;
  /** What the harness did, step by step (or the generated input when the rule names no steps). */
  steps: string[];
  transcript: string;
  message: string;
  expected?: string;
  actual?: string;
  /** The shrunk generated input, printed by fast-check. */
  input: string;
  /** The command that reproduces this failure. */
  replay: string;
  /**
   * Present when the run checked a batch of inputs (--batch): its size, which a replay must
   * generate again, and the index of the input that failed (the ones before it passed).
   */
  batch?: { size: number; index: number };
}

export interface RuleResult {
  id: string;
  level: Level;
  rfc: string;
  section: string;
  title: string;
  status: Status;
  runs: number;
  /**
   * Request/answer exchanges (DNS queries, HTTP requests) the passing checks verified, where the
   * suite's exchange helpers count them; absent when none were counted.
   */
  exchanges?: number;
  durationMs: number;
  /** Why a rule was skipped or errored; the failure message for a fail. */
  message?: string;
  counterexample?: Counterexample;
}

export interface Summary {
  total: number;
  pass: number;
  fail: number;
  skip: number;
  error: number;
  mustFailed: number;
  /** SHOULD rules that failed (they decide the exit code only with --strict). */
  shouldFailed: number;
}

export interface TargetDescription {
  kind: 'reference' | 'address' | 'spawn' | 'container';
  /** host:port, the spawn command (with its {placeholders}), or the image. */
  value?: string;
  /** The working directory a spawned program ran in (a graded student's copy). */
  cwd?: string;
  /** The command a container target ran instead of its image's own (--container-cmd). */
  command?: string;
}

export interface SuiteReport {
  suite: string;
  /** Human form of the target: "reference", "127.0.0.1:2525", "spawn: python3 srv.py {port}". */
  target: string;
  targetSpec: TargetDescription;
  seed: number;
  runs: number;
  strict: boolean;
  durationMs: number;
  summary: Summary;
  rules: RuleResult[];
  /** Tail of a spawned target's stdout/stderr, for the student reading the report. */
  targetLog?: string;
}

export interface PerfRecord {
  scenario: string;
  params: Record<string, number | string>;
  unit: string;
  measured: number;
  model: number;
  ratio: number;
}

export interface Report {
  tool: 'rfcheck';
  version: string;
  startedAt: string;
  durationMs: number;
  suites: SuiteReport[];
  perf: PerfRecord[];
}

export function summarize(rules: RuleResult[]): Summary {
  const count = (status: Status): number => rules.filter((r) => r.status === status).length;
  return {
    total: rules.length,
    pass: count('pass'),
    fail: count('fail'),
    skip: count('skip'),
    error: count('error'),
    mustFailed: rules.filter((r) => r.status === 'fail' && r.level === 'MUST').length,
    shouldFailed: rules.filter((r) => r.status === 'fail' && r.level === 'SHOULD').length,
  };
}
