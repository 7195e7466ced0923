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
  /**
   * How many runs of a rule marked `concurrent` may be in flight at once (default 1). The runs
   * are split among that many lanes, each an ordinary fast-check property with its own seed.
   */
  concurrency?: number;
  /**
   * Inputs one run of a rule marked `concurrent` checks, one after another with one RunIO, so
   * its exchanges may share a socket or a persistent connection (default 1). --runs N becomes
   * ⌈N/K⌉ runs of K inputs; a replay runs exactly this many (the recorded `batch.size`).
   */
  batch?: number;
}

export interface RuleTarget {
  endpoint: Endpoint;
  endpoints: Record<string, Endpoint>;
}

interface FailedRun {
  error: unknown;
  transcript: string;
  steps: string[];
  /** In a batched run, which of its inputs failed (those before it passed, with the same RunIO). */
  batchIndex?: number;
}

/**
 * How many inputs one run checks: --batch for a rule marked concurrent (never more than the
 * runs asked for, so a capped rule stays within its cap), exactly the recorded size in a replay.
 */
function batchSizeFor(rule: Rule, settings: RuleRunSettings, requestedRuns: number): number {
  const batch = Math.max(1, Math.floor(settings.batch ?? 1));
  if (rule.concurrent !== true || batch === 1) return 1;
  return settings.replayPath !== undefined ? batch : Math.min(batch, requestedRuns);
}

/** The shrunk input as fast-check prints it; in a batched run, the input that failed. */
function describeInput(value: unknown, batchSize: number, failedAt: number | undefined): string {
  if (batchSize === 1) return fc.stringify(value);
  const inputs = value as unknown[];
  const index = failedAt ?? 0;
  const earlier = fc.stringify(inputs.slice(0, index));
  const shown = earlier.length > 400 ? `${earlier.slice(0, 400)}… (${earlier.length} characters)` : earlier;
  const before = index === 0 ? 'the first of its run' : `after ${index} passing on the same connection: ${shown}`;
  return `${fc.stringify(inputs[index])} (input ${index + 1} of a batch of ${batchSize}, ${before})`;
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

  const requestedRuns = Math.max(1, Math.min(settings.runs, rule.maxRuns ?? Number.POSITIVE_INFINITY));
  const batchSize = batchSizeFor(rule, settings, requestedRuns);
  const numRuns = Math.ceil(requestedRuns / batchSize);
  const laneCount = rule.concurrent === true && settings.replayPath === undefined ? Math.max(1, Math.min(settings.concurrency ?? 1, numRuns)) : 1;
  const shared = { failed: false };
  const lanes = Array.from({ length: laneCount }, (_, index) => newLane(index, laneSeed(settings.seed, index), laneRuns(numRuns, laneCount, index)));
  // A batched run's input is K of the rule's inputs; fast-check shrinks each of them.
  const runInput: fc.Arbitrary<unknown> = batchSize > 1 ? fc.array(arbitrary, { minLength: batchSize, maxLength: batchSize }) : arbitrary;

  const runLane = (lane: Lane): Promise<fc.RunDetails<[unknown]>> => {
    const property = fc.asyncProperty(runInput, async (value) => {
      // Another lane failed: this one starts no further check, so the failing lane shrinks alone.
      if (shared.failed && !lane.failed) return;
      const io = new RunIO(target.endpoint, target.endpoints, options, settings.limits, abort.signal, { reuse: batchSize > 1 });
      const inputs = batchSize > 1 ? (value as unknown[]) : [value];
      let index = 0;
      try {
        for (; index < inputs.length; index += 1) {
          const exchangesBefore = io.exchanges;
          try {
            await rule.check(io, inputs[index]);
            lane.exchanges += io.exchanges - exchangesBefore;
          } catch (error) {
            if (!(error instanceof RuleNotApplicable)) throw error;
            lane.skipReason ??= error.reason;
            lane.skippedRuns += 1;
          }
          lane.checked += 1;
        }
        await io.tidyUp();
      } catch (error) {
        const failed: FailedRun = { error, transcript: redact(io.transcript.toString(), options.pass), steps: io.steps.map((step) => redact(step, options.pass)) };
        if (batchSize > 1) failed.batchIndex = index;
        lane.lastFailure = failed;
        if (error instanceof ProtocolViolation) lane.firstViolation ??= failed;
        lane.failed = true;
        shared.failed = true;
        throw error;
      } finally {
        io.dispose();
      }
    });
    const parameters: fc.Parameters<[unknown]> = {
      seed: lane.seed,
      numRuns: lane.runs,
      interruptAfterTimeLimit: settings.ruleTimeoutMs,
      markInterruptAsFailure: false,
      ...(settings.replayPath !== undefined ? { path: settings.replayPath, endOnFailure: true } : {}),
      ...(settings.shrink === false ? { endOnFailure: true } : {}),
    };
    return fc.check(property, parameters);
  };

  // fast-check (in every lane) stops starting runs at the time limit; a run already waiting on
  // the wire ends by its own read deadline. The hard stop below aborts every socket if that still is not enough.
  const hardStopMs = settings.ruleTimeoutMs + settings.limits.readTimeoutMs * 2 + 1000;
  let timer: NodeJS.Timeout | undefined;
  const hardStop = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), hardStopMs);
  });
  const stopped = new Promise<'stopped'>((resolve) => abort.signal.addEventListener('abort', () => resolve('stopped'), { once: true }));
  const outcome = await Promise.race([Promise.all(lanes.map(runLane)), hardStop, stopped]);
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
  const cutShort = (details: fc.RunDetails<[unknown]>): boolean => details.interrupted && details.counterexample === null;
  const failing = outcome.findIndex((details) => details.failed && !cutShort(details));
  if (failing < 0) {
    // A lane that stopped early for another's failure never gets here; every lane ran its share.
    const runs = lanes.reduce((sum, lane, index) => sum + (laneCount === 1 && batchSize === 1 ? (outcome[index]?.numRuns ?? 0) : lane.checked), 0);
    const exchanges = lanes.reduce((sum, lane) => sum + lane.exchanges, 0);
    const counted = exchanges > 0 ? { exchanges } : {};
    const interrupted = outcome.some((details) => details.interrupted);
    const skippedRuns = lanes.reduce((sum, lane) => sum + lane.skippedRuns, 0);
    const skipReason = lanes.find((lane) => lane.skipReason !== undefined)?.skipReason;
    // Not applicable only if no run was: runs that applied and passed make the rule pass.
    if (skipReason !== undefined && skippedRuns >= runs) return finish({ status: 'skip', runs, message: skipReason });
    if (skipReason !== undefined) {
      return finish({ status: 'pass', runs, ...counted, message: `${skippedRuns} of ${runs} runs were not applicable: ${skipReason}` });
    }
    if (interrupted && runs === 0) {
      return finish({ status: 'error', runs: 0, message: `no run completed within the ${settings.ruleTimeoutMs} ms deadline` });
    }
    if (interrupted) {
      return finish({ status: 'pass', runs, ...counted, message: `${runs} runs passed before the ${settings.ruleTimeoutMs} ms deadline` });
    }
    return finish({ status: 'pass', runs, ...counted });
  }

  const lane = lanes[failing] as Lane;
  const details = outcome[failing] as fc.RunDetails<[unknown]>;
  // A target that crashed while shrinking turns every later run into "unreachable"; the first
  // real violation is then the honest counterexample.
  let failure: FailedRun = lane.lastFailure ?? { error: details.errorInstance, transcript: '', steps: [] };
  let note = '';
  if (failure.error instanceof TargetUnreachable && lane.firstViolation) {
    failure = lane.firstViolation;
    note = ' (the target became unreachable while the failure was being shrunk; this is the first failure seen)';
  }
  // The failing lane's runs up to its failure, and the checks the other lanes completed.
  const failingLaneRuns = batchSize === 1 ? details.numRuns : (details.numRuns - 1) * batchSize + (failure.batchIndex ?? 0) + 1;
  const runs = failingLaneRuns + lanes.reduce((sum, other, index) => sum + (index === failing ? 0 : other.checked), 0);
  if (failure.error instanceof TargetUnreachable) {
    return finish({ status: 'error', runs, message: errorMessage(failure.error) });
  }
  if (!(failure.error instanceof ProtocolViolation)) {
    return finish({ status: 'error', runs, message: `internal error in the check (a harness bug, not the target's): ${errorMessage(failure.error)}` });
  }
  const input = details.counterexample ? describeInput(details.counterexample[0], batchSize, failure.batchIndex) : '';
  // The lane's own seed: `rfcheck replay` runs that lane alone, from this seed and path.
  const counterexample: Counterexample = {
    seed: details.seed,
    path: details.counterexamplePath ?? '',
    steps: failure.steps.length > 0 ? failure.steps : [input],
    transcript: failure.transcript,
    message: failure.error.message + note,
    input,
    replay: settings.replayCommand(rule.id),
  };
  if (batchSize > 1) counterexample.batch = { size: batchSize, index: failure.batchIndex ?? 0 };
  if (failure.error.expected !== undefined) counterexample.expected = failure.error.expected;
  if (failure.error.actual !== undefined) counterexample.actual = failure.error.actual;
  return finish({ status: 'fail', runs, message: counterexample.message, counterexample });
}

/** What one lane of a rule saw: its share of the runs, and its failing run if it had one. */
interface Lane {
  index: number;
  seed: number;
  runs: number;
  /** Checks that ran to the end (passed or were not applicable). */
  checked: number;
  /** Exchanges (queries, requests) of the checks that passed, as the suite's helpers count them. */
  exchanges: number;
  failed: boolean;
  lastFailure?: FailedRun;
  firstViolation?: FailedRun;
  skipReason?: string;
  skippedRuns: number;
}

function newLane(index: number, seed: number, runs: number): Lane {
  return { index, seed, runs, checked: 0, exchanges: 0, failed: false, skippedRuns: 0 };
}

/**
 * Lane 0 keeps the rule's seed, so one lane is exactly the sequential run; every other lane
 * gets a seed derived from it (a fixed odd multiplier, kept within --seed's range).
 */
export function laneSeed(seed: number, lane: number): number {
  return lane === 0 ? seed : (seed + Math.imul(lane, 0x9e3779b1)) & 0x7fffffff;
}

/** Lane `lane`'s share of `runs`: as even as can be, the first lanes taking the remainder. */
export function laneRuns(runs: number, lanes: number, lane: number): number {
  return Math.floor(runs / lanes) + (lane < runs % lanes ? 1 : 0);
}

/**
 * Reports are shared (graders, CI logs): the password given with --pass never appears in a
 * transcript or step, in clear or in the escaped form the transcript uses.
 */
function redact(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.replaceAll(secret, '********').replaceAll(escapeBytes(Buffer.from(secret, 'latin1')), '********');
}
