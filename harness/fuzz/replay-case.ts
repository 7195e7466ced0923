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
  if (fuzzCase.kind === 'crash') {
    const until = Date.now() + crashGraceMs;
    while (target.exitStatus() === undefined && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return checkHealth(target, fuzzCase.probe, limits, transcript);
}
