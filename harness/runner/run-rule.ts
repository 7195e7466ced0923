import { setMaxListeners } from 'node:events';
import fc from 'fast-check';
import { ProtocolViolation, RuleNotApplicable, TargetUnreachable, errorMessage } from '../core/errors.ts';
import type { Rule, SuiteOptions } from '../core/rule.ts';
import type { Counterexample, RuleResult } from '../report/model.ts';
import type { Endpoint, WireLimits } from '../wire/limits.ts';
import { escapeBytes } from '../wire/escape.ts';
import { RunIO } from './run-io.ts';

export interface RuleRunSettings {
  seed: number;
  runs: number;
  /** The whole rule's deadline, in milliseconds (runs and shrinking included). */
  ruleTimeoutMs: number;
  limits: WireLimits;
  /** Replays one recorded counterexample: fast-check's path, run once, no further shrinking. */
  replayPath?: string;
  /** false: stop at the first failure without shrinking it (hostile-server sweeps, fuzzing). */
  shrink?: boolean;
  /** Aborts the rule from outside (a grading time limit): sockets close, the verdict is error. */
  signal?: AbortSignal;
  /** Builds the command line shown beside a failure to reproduce it. */
  replayCommand: (ruleId: string) => string;
}

export interface RuleTarget {
  endpoint: Endpoint;
  endpoints: Record<string, Endpoint>;
}

interface FailedRun {
  error: unknown;
  transcript: string;
  steps: string[];
}

/**
 * Runs one rule as a fast-check property against a target and turns the outcome into a
 * verdict. The transcript and steps of the last failing run are kept: fast-check's shrinker
 * reports the last input that failed, so they belong to the shrunk counterexample.
 */
export async function runRule(rule: Rule, target: RuleTarget, options: SuiteOptions, settings: RuleRunSettings): Promise<RuleResult> {
  const started = performance.now();
  const abort = new AbortController();
  // Every connection of a run listens for the abort; a rule may open dozens at once.
  setMaxListeners(0, abort.signal);
  const onOuterAbort = (): void => abort.abort();
  settings.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let lastFailure: FailedRun | undefined;
  let firstViolation: FailedRun | undefined;
  let skipReason: string | undefined;
  let skippedRuns = 0;

  const base = { id: rule.id, level: rule.level, rfc: rule.rfc, section: rule.section, title: rule.title };
  const finish = (fields: Pick<RuleResult, 'status' | 'runs'> & Partial<RuleResult>): RuleResult => ({
    ...base,
    durationMs: Math.round(performance.now() - started),
    ...fields,
  });

  if (settings.signal?.aborted) {
    return finish({ status: 'error', runs: 0, message: `stopped: ${String(settings.signal.reason ?? 'aborted')}` });
  }

  let arbitrary: fc.Arbitrary<unknown>;
  try {
    arbitrary = typeof rule.input === 'function' ? rule.input({ options }) : rule.input;
  } catch (error) {
    if (error instanceof RuleNotApplicable) return finish({ status: 'skip', runs: 0, message: error.reason });
    return finish({ status: 'error', runs: 0, message: `the rule's input could not be built: ${errorMessage(error)}` });
  }

  const property = fc.asyncProperty(arbitrary, async (value) => {
    const io = new RunIO(target.endpoint, target.endpoints, options, settings.limits, abort.signal);
    try {
      await rule.check(io, value);
    } catch (error) {
      if (error instanceof RuleNotApplicable) {
        skipReason ??= error.reason;
        skippedRuns += 1;
        return;
      }
      const failed = { error, transcript: redact(io.transcript.toString(), options.pass), steps: io.steps.map((step) => redact(step, options.pass)) };
      lastFailure = failed;
      if (error instanceof ProtocolViolation) firstViolation ??= failed;
      throw error;
    } finally {
      io.dispose();
    }
  });

  const numRuns = Math.max(1, Math.min(settings.runs, rule.maxRuns ?? Number.POSITIVE_INFINITY));
  const parameters: fc.Parameters<[unknown]> = {
    seed: settings.seed,
    numRuns,
    interruptAfterTimeLimit: settings.ruleTimeoutMs,
    markInterruptAsFailure: false,
    ...(settings.replayPath !== undefined ? { path: settings.replayPath, endOnFailure: true } : {}),
    ...(settings.shrink === false ? { endOnFailure: true } : {}),
  };

  // fast-check stops starting runs at the time limit; a run already waiting on the wire ends by
  // its own read deadline. The hard stop below aborts every socket if that still is not enough.
  const hardStopMs = settings.ruleTimeoutMs + settings.limits.readTimeoutMs * 2 + 1000;
  let timer: NodeJS.Timeout | undefined;
  const hardStop = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), hardStopMs);
  });
  const stopped = new Promise<'stopped'>((resolve) => abort.signal.addEventListener('abort', () => resolve('stopped'), { once: true }));
  const outcome = await Promise.race([fc.check(property, parameters), hardStop, stopped]);
  clearTimeout(timer);
  settings.signal?.removeEventListener('abort', onOuterAbort);
  if (outcome === 'stopped') {
    return finish({ status: 'error', runs: 0, message: `stopped: ${String(settings.signal?.reason ?? 'aborted')}` });
  }
  if (outcome === 'deadline') {
    abort.abort();
    return finish({ status: 'error', runs: 0, message: `the rule did not finish within its ${settings.ruleTimeoutMs} ms deadline` });
  }

  // fast-check marks a run cut short by the time limit as failed, without a counterexample.
  const cutShort = outcome.interrupted && outcome.counterexample === null;
  if (!outcome.failed || cutShort) {
    // Not applicable only if no run was: runs that applied and passed make the rule pass.
    if (skipReason !== undefined && skippedRuns >= outcome.numRuns) return finish({ status: 'skip', runs: outcome.numRuns, message: skipReason });
    if (skipReason !== undefined) {
      return finish({ status: 'pass', runs: outcome.numRuns, message: `${skippedRuns} of ${outcome.numRuns} runs were not applicable: ${skipReason}` });
    }
    if (outcome.interrupted && outcome.numRuns === 0) {
      return finish({ status: 'error', runs: 0, message: `no run completed within the ${settings.ruleTimeoutMs} ms deadline` });
    }
    if (outcome.interrupted) {
      return finish({ status: 'pass', runs: outcome.numRuns, message: `${outcome.numRuns} runs passed before the ${settings.ruleTimeoutMs} ms deadline` });
    }
    return finish({ status: 'pass', runs: outcome.numRuns });
  }

  // A target that crashed while shrinking turns every later run into "unreachable"; the first
  // real violation is then the honest counterexample.
  let failure = lastFailure ?? { error: outcome.errorInstance, transcript: '', steps: [] };
  let note = '';
  if (failure.error instanceof TargetUnreachable && firstViolation) {
    failure = firstViolation;
    note = ' (the target became unreachable while the failure was being shrunk; this is the first failure seen)';
  }
  const runs = outcome.numRuns;
  if (failure.error instanceof TargetUnreachable) {
    return finish({ status: 'error', runs, message: errorMessage(failure.error) });
  }
  if (!(failure.error instanceof ProtocolViolation)) {
    return finish({ status: 'error', runs, message: `internal error in the check (a harness bug, not the target's): ${errorMessage(failure.error)}` });
  }
  const input = outcome.counterexample ? fc.stringify(outcome.counterexample[0]) : '';
  const counterexample: Counterexample = {
    seed: outcome.seed,
    path: outcome.counterexamplePath ?? '',
    steps: failure.steps.length > 0 ? failure.steps : [input],
    transcript: failure.transcript,
    message: failure.error.message + note,
    input,
    replay: settings.replayCommand(rule.id),
  };
  if (failure.error.expected !== undefined) counterexample.expected = failure.error.expected;
  if (failure.error.actual !== undefined) counterexample.actual = failure.error.actual;
  return finish({ status: 'fail', runs, message: counterexample.message, counterexample });
}

/**
 * Reports are shared (graders, CI logs): the password given with --pass never appears in a
 * transcript or step, in clear or in the escaped form the transcript uses.
 */
function redact(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.replaceAll(secret, '********').replaceAll(escapeBytes(Buffer.from(secret, 'latin1')), '********');
}
