import type { Transcript } from '../wire/transcript.ts';
import { type ExecLimits, execute } from './execute.ts';
import type { FuzzTarget } from './fuzz-target.ts';
import { type Symptom, checkHealth } from './health-check.ts';
import type { FuzzCase } from './session.ts';

/**
 * Sends a case's sessions, one connection each, to the running target, gives a crash
 * `crashGraceMs` to show, then checks the target with the case's probe.
 */
export async function replayCase(target: FuzzTarget, fuzzCase: FuzzCase, limits: ExecLimits, crashGraceMs: number, transcript?: Transcript): Promise<Symptom | undefined> {
  const endpoint = target.current.endpoint;
  for (const session of fuzzCase.sessions) await execute(session, endpoint, limits, { transcript });
  if (fuzzCase.kind === 'crash') await exitWithin(target, crashGraceMs);
  const symptom = await checkHealth(target, fuzzCase.probe, limits, transcript);
  if (fuzzCase.kind === 'crash' && symptom !== undefined && symptom.kind !== 'crash') {
    // A process on its way out stops answering before its exit is reported, which on a loaded
    // machine can take longer than the grace: a target that is unwell is given time to exit.
    if (await exitWithin(target, crashSettleMs)) return checkHealth(target, fuzzCase.probe, limits, transcript);
  }
  return symptom;
}

/** How long an unwell target replaying a crash may take to report its exit. */
const crashSettleMs = 3000;

/** Waits up to `ms` for the target to exit; whether it did. */
async function exitWithin(target: FuzzTarget, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (target.exitStatus() === undefined && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  return target.exitStatus() !== undefined;
}
