import { TargetUnreachable } from '../core/errors.ts';
import { acquireMachineLock } from '../runner/machine-lock.ts';
import type { SuiteOptions } from '../core/rule.ts';
import type { Suite } from '../core/suite.ts';
import { type RuleResult, type SuiteReport, summarize } from '../report/model.ts';
import { type TargetSpec, describeTarget, targetLabel } from '../targets/target-spec.ts';
import { defaultWireLimits } from '../wire/limits.ts';
import { Transcript } from '../wire/transcript.ts';
import type { ExecLimits } from './execute.ts';
import { findingResult } from './finding-result.ts';
import { type FuzzLoopOutcome, type FuzzProgress, type RawFinding, fuzzLoop } from './fuzz-loop.ts';
import { FuzzTarget } from './fuzz-target.ts';
import { checkHealth, chooseProbe } from './health-check.ts';
import { Minimiser } from './minimise.ts';
import { replayCase } from './replay-case.ts';
import { collectSeedCorpus } from './seed-corpus.ts';
import type { FuzzCase, Probe, Session } from './session.ts';

export interface FuzzSettings {
  seed: number;
  durationMs: number;
  maxExecs: number;
  concurrency: number;
  exec: ExecLimits;
  startTimeoutMs: number;
  /** Inputs drawn from each rule's generator for the seed corpus. */
  corpusRunsPerRule: number;
  healthEveryMs: number;
  maxRssGrowthBytes: number;
  minimiseBudgetMs: number;
  crashGraceMs: number;
  options: SuiteOptions;
  replayCommand: (findingId: string) => string;
  onPhase?: (text: string) => void;
  onProgress?: (progress: FuzzProgress) => void;
}

/** What the fuzz run adds to its suite's report entry (the contract allows added fields). */
export interface FuzzStats {
  execs: number;
  elapsedMs: number;
  execsPerSecond: number;
  corpusSessions: number;
  /** How the target's health was judged: a stable reply shape, any reply, or only a connect. */
  probe: 'reply-shape' | 'reply' | 'connect' | 'none';
  rssStartBytes?: number;
  rssPeakBytes?: number;
}

export type FuzzSuiteReport = SuiteReport & { fuzz: FuzzStats };

/**
 * `rfcheck fuzz` for one suite: seed corpus from the suite's own rules, mutation against the
 * target while watching it, then the first finding (if any) minimised on a fresh target and
 * written as a replayable failed entry of the report.
 */
export async function fuzzSuite(suite: Suite, spec: TargetSpec, settings: FuzzSettings): Promise<FuzzSuiteReport> {
  const started = Date.now();
  // A suite on a fixed resource (the DNS hierarchy's addresses, the cache's origin port) takes its
  // machine-wide lock while its rules build the corpus; with a companion server, for the whole session.
  let release = suite.exclusive ? await acquireMachineLock(suite.exclusive, exclusiveWaitMs) : undefined;
  let companion: { close(): Promise<void> } | undefined;
  try {
    companion = await suite.fuzzCompanion?.();
    return await fuzzHoldingResources(suite, spec, settings, started, async () => {
      if (companion) return;
      await release?.();
      release = undefined;
    });
  } finally {
    await companion?.close();
    await release?.();
  }
}

/** How long a fuzz session waits for its suite's exclusive resource (as `rfcheck run` does). */
const exclusiveWaitMs = 15 * 60_000;

async function fuzzHoldingResources(suite: Suite, spec: TargetSpec, settings: FuzzSettings, started: number, corpusDone: () => Promise<void>): Promise<FuzzSuiteReport> {
  const target = new FuzzTarget(suite, spec, {
    fixturesDir: settings.options.fixturesDir,
    suiteOptions: settings.options,
    startTimeoutMs: settings.startTimeoutMs,
    limits: { ...defaultWireLimits, readTimeoutMs: settings.exec.readTimeoutMs },
  });
  try {
    const active = await target.start();
    settings.onPhase?.(`${suite.name}: target up; seed corpus from ${suite.rules.length} rules; then fuzzing for ${settings.durationMs / 1000} s with seed ${settings.seed}`);
    const corpus = await collectSeedCorpus(suite.rules, active, settings.options, {
      seed: settings.seed,
      runsPerRule: settings.corpusRunsPerRule,
      limits: { ...defaultWireLimits, readTimeoutMs: settings.exec.readTimeoutMs },
      runTimeoutMs: settings.exec.readTimeoutMs * 3,
    });
    await corpusDone();
    if (corpus.length === 0) throw new TargetUnreachable(`no rule of ${suite.name} got as far as sending bytes to the target; nothing to fuzz from`);
    const probe = await chooseProbe(corpus, active.endpoint, settings.exec);
    settings.onPhase?.(`${corpus.length} seed sessions; probe: ${probeKind(probe)}; fuzzing`);
    const outcome = await fuzzOrCorpusFinding(target, corpus, probe, settings);
    const rules: RuleResult[] = [];
    if (outcome.finding) {
      settings.onPhase?.(`${outcome.finding.kind}: ${outcome.finding.message}; minimising`);
      rules.push(await minimisedResult(suite, target, outcome, probe, settings));
    }
    const log = target.log();
    const report: FuzzSuiteReport = {
      suite: suite.name,
      target: targetLabel(describeTarget(spec)),
      targetSpec: describeTarget(spec),
      seed: settings.seed,
      runs: outcome.execs,
      strict: false,
      durationMs: Date.now() - started,
      summary: summarize(rules),
      rules,
      fuzz: statsOf(outcome, corpus.length, probe),
    };
    if (log) report.targetLog = log;
    return report;
  } finally {
    await target.stop();
  }
}

/** A target that the seed corpus itself brought down needs no fuzzing to be found unwell. */
async function fuzzOrCorpusFinding(target: FuzzTarget, corpus: Session[], probe: Probe | undefined, settings: FuzzSettings): Promise<FuzzLoopOutcome> {
  const symptom = await checkHealth(target, probe, settings.exec);
  if (symptom?.kind === 'crash' || (symptom && !probe?.answered)) {
    return { execs: 0, elapsedMs: 0, finding: { ...symptom, suspects: corpus.slice().reverse(), mutations: [], atExec: 0 } };
  }
  return fuzzLoop(target, corpus, probe, settings);
}

async function minimisedResult(suite: Suite, target: FuzzTarget, outcome: FuzzLoopOutcome, probe: Probe | undefined, settings: FuzzSettings): Promise<RuleResult> {
  const finding = outcome.finding as RawFinding;
  const suspects = finding.suspects.slice(0, Math.max(16, settings.concurrency * 2));
  const fuzzCase: FuzzCase = { kind: finding.kind, sessions: suspects.slice().reverse(), ...(probe ? { probe } : {}) };
  let note: string;
  if (finding.kind === 'memory') {
    note = ' (memory grows over many inputs: the case holds the last ones sent, not minimised)';
  } else if (!target.restartable) {
    note = ' (a target given by address cannot be restarted: the case holds the last inputs sent, not minimised)';
  } else {
    const minimiser = new Minimiser(target, finding.kind, probe, { exec: settings.exec, budgetMs: settings.minimiseBudgetMs, crashGraceMs: settings.crashGraceMs });
    const minimised = await minimiser.minimise(fuzzCase.sessions);
    fuzzCase.sessions = minimised.sessions;
    note = minimised.reproduced
      ? ` (minimised in ${minimised.attempts} attempts)`
      : ` (did not come back on a fresh target in ${minimised.attempts} attempts: the case holds the last inputs sent)`;
  }
  const transcript = new Transcript();
  if (target.restartable) {
    await target.restart();
    await replayCase(target, fuzzCase, settings.exec, settings.crashGraceMs, transcript);
  }
  return findingResult({
    suite: suite.name,
    number: 1,
    fuzzCase,
    message: `${finding.message} after ${finding.atExec} fuzz inputs${note}`,
    seed: settings.seed,
    execs: outcome.execs,
    durationMs: outcome.elapsedMs,
    transcript: transcript.toString(),
    replayCommand: settings.replayCommand,
  });
}

function probeKind(probe: Probe | undefined): FuzzStats['probe'] {
  if (!probe) return 'none';
  if (probe.shape !== undefined) return 'reply-shape';
  return probe.answered ? 'reply' : 'connect';
}

function statsOf(outcome: FuzzLoopOutcome, corpusSessions: number, probe: Probe | undefined): FuzzStats {
  const stats: FuzzStats = {
    execs: outcome.execs,
    elapsedMs: outcome.elapsedMs,
    execsPerSecond: outcome.elapsedMs > 0 ? Math.round((outcome.execs * 1000) / outcome.elapsedMs) : 0,
    corpusSessions,
    probe: probeKind(probe),
  };
  if (outcome.rss) {
    stats.rssStartBytes = outcome.rss.startBytes;
    stats.rssPeakBytes = outcome.rss.peakBytes;
  }
  return stats;
}
