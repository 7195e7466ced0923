import type { Endpoint } from '../wire/limits.ts';
import type { Transcript } from '../wire/transcript.ts';
import { type ExecLimits, execute } from './execute.ts';
import type { FuzzTarget } from './fuzz-target.ts';
import { replyShape } from './reply-shape.ts';
import type { FindingKind, Probe, Session } from './session.ts';

export interface Symptom {
  kind: FindingKind;
  message: string;
}

/** Times the probe is sent before fuzzing to learn whether its reply's shape is stable. */
const probeRepeats = 3;

/**
 * Picks the probe: the first seed session (of the first few) the target answers, sent three
 * times; its reply's shape is kept only when all three agree (a reply carrying a random id or
 * a time has no stable shape, and framing is then not judged). Without any answered session the
 * probe only checks that a connection is accepted.
 */
export async function chooseProbe(corpus: readonly Session[], endpoint: Endpoint, limits: ExecLimits): Promise<Probe | undefined> {
  for (const session of corpus.slice(0, 20)) {
    const shapes: string[] = [];
    for (let i = 0; i < probeRepeats; i++) {
      const exchange = await execute(session, endpoint, limits, { waitForFirstByte: true });
      if (exchange.reply.length === 0) break;
      shapes.push(replyShape(exchange.reply));
    }
    if (shapes.length < probeRepeats) continue;
    const stable = shapes.every((shape) => shape === shapes[0]);
    return stable ? { session, answered: true, shape: shapes[0] } : { session, answered: true };
  }
  const first = corpus[0];
  return first ? { session: first, answered: false } : undefined;
}

/**
 * Is the target still well? A spawned target that ended has crashed; a probe that cannot
 * connect, or gets no reply where it got one before, is a hang; a probe answered in another
 * shape than before fuzzing means framing broke.
 */
export async function checkHealth(target: FuzzTarget, probe: Probe | undefined, limits: ExecLimits, transcript?: Transcript): Promise<Symptom | undefined> {
  const exited = target.exitStatus();
  if (exited !== undefined) return { kind: 'crash', message: `the target ${exited}` };
  if (!probe) return undefined;
  const exchange = await execute(probe.session, target.current.endpoint, limits, { waitForFirstByte: true, transcript });
  const exitedNow = target.exitStatus();
  if (exitedNow !== undefined) return { kind: 'crash', message: `the target ${exitedNow}` };
  if (exchange.unreachable) return { kind: 'hang', message: 'the target stopped accepting connections' };
  if (probe.answered && exchange.reply.length === 0) {
    return { kind: 'hang', message: `the target no longer answers a valid session within ${limits.readTimeoutMs} ms` };
  }
  const shape = replyShape(exchange.reply);
  if (probe.shape !== undefined && shape !== probe.shape) {
    return { kind: 'framing', message: `the reply to a valid session changed shape: before fuzzing '${probe.shape}', now '${shape}'` };
  }
  return undefined;
}

/** A symptom seen twice in a row, 100 ms apart (a crash needs no second look). */
export async function confirmedSymptom(target: FuzzTarget, probe: Probe | undefined, limits: ExecLimits): Promise<Symptom | undefined> {
  const first = await checkHealth(target, probe, limits);
  if (!first || first.kind === 'crash') return first;
  await new Promise((resolve) => setTimeout(resolve, 100));
  return checkHealth(target, probe, limits);
}
