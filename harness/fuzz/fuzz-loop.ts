import { type ExecLimits, execute } from './execute.ts';
import type { FuzzTarget } from './fuzz-target.ts';
import { type Symptom, confirmedSymptom } from './health-check.ts';
import { mutate } from './mutators.ts';
import { groupResidentBytes } from './process-memory.ts';
import { FuzzRandom } from './random.ts';
import type { Probe, Session } from './session.ts';

export interface FuzzLoopSettings {
  seed: number;
  durationMs: number;
  maxExecs: number;
  /** Executions in flight at once. */
  concurrency: number;
  exec: ExecLimits;
  /** How often the probe checks the target while fuzzing. */
  healthEveryMs: number;
  /** Resident memory a spawned target may gain over its size after the seed corpus. */
  maxRssGrowthBytes: number;
  onProgress?: (progress: FuzzProgress) => void;
}

export interface FuzzProgress {
  execs: number;
  elapsedMs: number;
  rssBytes?: number;
}

/** The sessions sent last, most recent first: the suspects when the target is found unwell. */
export interface RawFinding extends Symptom {
  suspects: Session[];
  mutations: string[][];
  /** Executions done when it was seen. */
  atExec: number;
}

export interface FuzzLoopOutcome {
  execs: number;
  elapsedMs: number;
  /**
   * Health probes that went unanswered while the fuzzing lanes were running but were answered
   * once the lanes had paused and drained: a flooded socket (UDP drops) or a starved CPU, not a
   * hang. Counted so a run on a loaded machine shows it.
   */
  unansweredUnderLoad?: number;
  finding?: RawFinding;
  rss?: { startBytes: number; peakBytes: number };
}

/**
 * Sends mutated seed sessions at the target, `concurrency` at a time, until the duration or the
 * execution budget is spent or the target is found unwell (the first finding ends the loop, as
 * the target may be gone). The n-th mutated session depends only on the seed and the corpus.
 */
export async function fuzzLoop(target: FuzzTarget, corpus: readonly Session[], probe: Probe | undefined, settings: FuzzLoopSettings): Promise<FuzzLoopOutcome> {
  const random = new FuzzRandom(settings.seed);
  const started = Date.now();
  const deadline = started + settings.durationMs;
  const recentCap = Math.max(16, settings.concurrency * 4);
  const recent: { session: Session; applied: string[] }[] = [];
  let execs = 0;
  let issued = 0;
  let finding: RawFinding | undefined;
  let unansweredUnderLoad = 0;
  let inFlight = 0;
  let resumeLanes: (() => void) | undefined;
  let lanesPaused: Promise<void> | undefined;
  let rss: { startBytes: number; peakBytes: number } | undefined;
  const endpoint = target.current.endpoint;
  const done = (): boolean => finding !== undefined || issued >= settings.maxExecs || Date.now() >= deadline;

  const report = (symptom: Symptom): void => {
    finding ??= { ...symptom, suspects: recent.map((r) => r.session).reverse(), mutations: recent.map((r) => r.applied).reverse(), atExec: execs };
  };

  const worker = async (): Promise<void> => {
    while (!done()) {
      if (lanesPaused) {
        await lanesPaused;
        continue;
      }
      issued += 1;
      const mutated = mutate(random.pick(corpus), random, corpus);
      recent.push(mutated);
      if (recent.length > recentCap) recent.shift();
      inFlight += 1;
      try {
        await execute(mutated.session, endpoint, settings.exec);
      } catch {
        // A local failure (no free socket): the health check decides whether the target is to blame.
      } finally {
        inFlight -= 1;
      }
      execs += 1;
      const exited = target.exitStatus();
      if (exited !== undefined) report({ kind: 'crash', message: `the target ${exited}` });
    }
  };

  const pid = target.processId();
  const watcher = async (): Promise<void> => {
    let nextHealth = Date.now() + settings.healthEveryMs;
    while (!done()) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, settings.healthEveryMs)));
      if (done() || Date.now() < nextHealth) continue;
      nextHealth = Date.now() + settings.healthEveryMs;
      const symptom = await confirmedSymptom(target, probe, settings.exec);
      if (symptom?.kind === 'hang') {
        // Unanswered while the lanes flood it: look again with the target quiet before blaming it.
        lanesPaused = new Promise((resolve) => (resumeLanes = resolve));
        while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
        const quiet = await confirmedSymptom(target, probe, settings.exec);
        lanesPaused = undefined;
        resumeLanes?.();
        if (quiet) report(quiet);
        else unansweredUnderLoad += 1;
      } else if (symptom) report(symptom);
      if (pid !== undefined) {
        const bytes = await groupResidentBytes(pid);
        if (bytes !== undefined) {
          rss = rss ? { startBytes: rss.startBytes, peakBytes: Math.max(rss.peakBytes, bytes) } : { startBytes: bytes, peakBytes: bytes };
          if (bytes - rss.startBytes > settings.maxRssGrowthBytes) {
            report({ kind: 'memory', message: `the target's resident memory grew from ${mib(rss.startBytes)} to ${mib(bytes)} MiB while fuzzing` });
          }
        }
      }
      settings.onProgress?.({ execs, elapsedMs: Date.now() - started, rssBytes: rss?.peakBytes });
    }
  };

  await Promise.all([watcher(), ...Array.from({ length: settings.concurrency }, worker)]);
  if (!finding) {
    // One last look: a target that died or wedged on the last inputs is found here.
    const symptom = await confirmedSymptom(target, probe, settings.exec);
    if (symptom) report(symptom);
  }
  const outcome: FuzzLoopOutcome = { execs, elapsedMs: Date.now() - started, unansweredUnderLoad };
  if (finding) outcome.finding = finding;
  if (rss) outcome.rss = rss;
  return outcome;
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
