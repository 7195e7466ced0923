import type { ExecLimits } from './execute.ts';
import type { FuzzTarget } from './fuzz-target.ts';
import { replayCase } from './replay-case.ts';
import type { FindingKind, Probe, Session } from './session.ts';

/** Range cuts stop at 1/16 of a chunk: at most about 32 attempts per chunk (after the prefix search). */
const rangeCutSteps = 16;

export interface MinimiseSettings {
  exec: ExecLimits;
  /** Time the whole minimisation may take; the smallest case so far is kept when it runs out. */
  budgetMs: number;
  /** How long a crash may take to show after the last session. */
  crashGraceMs: number;
}

export interface Minimised {
  sessions: Session[];
  /** false: no set of suspects brought the symptom back on a fresh target. */
  reproduced: boolean;
  attempts: number;
}

/**
 * Replays suspects on a fresh target to find which bring the symptom back, then shrinks the
 * case while it still does: first fewer sessions, then fewer chunks, then shorter chunks. The
 * target is restarted after every attempt that reproduced (it may be dead or wedged).
 */
export class Minimiser {
  private attempts = 0;
  private dirty = true;
  private readonly deadline: number;

  constructor(
    private readonly target: FuzzTarget,
    private readonly kind: FindingKind,
    private readonly probe: Probe | undefined,
    private readonly settings: MinimiseSettings,
  ) {
    this.deadline = Date.now() + settings.budgetMs;
  }

  private get outOfTime(): boolean {
    return Date.now() >= this.deadline;
  }

  /** Sends the sessions to a fresh target and reports whether the same kind of symptom shows. */
  async reproduces(sessions: Session[]): Promise<boolean> {
    this.attempts += 1;
    if (this.dirty) await this.target.restart();
    this.dirty = false;
    const fuzzCase = { kind: this.kind, sessions, ...(this.probe ? { probe: this.probe } : {}) };
    const symptom = await replayCase(this.target, fuzzCase, this.settings.exec, this.settings.crashGraceMs);
    const same = symptom?.kind === this.kind;
    if (symptom) this.dirty = true;
    return same;
  }

  async minimise(suspects: Session[]): Promise<Minimised> {
    let sessions = await this.reproducingSuspects(suspects);
    if (!sessions) return { sessions: suspects, reproduced: false, attempts: this.attempts };
    sessions = await this.dropSessions(sessions);
    for (let i = 0; i < sessions.length && !this.outOfTime; i++) {
      sessions = await this.shrinkSession(sessions, i);
    }
    return { sessions, reproduced: true, attempts: this.attempts };
  }

  /** One suspect alone, the most recent first; else all of them in the order they were sent. */
  private async reproducingSuspects(suspects: Session[]): Promise<Session[] | undefined> {
    for (const suspect of suspects) {
      if (this.outOfTime) break;
      if (await this.reproduces([suspect])) return [suspect];
    }
    const inOrder = suspects.slice().reverse();
    if (suspects.length > 1 && (await this.reproduces(inOrder))) return inOrder;
    return undefined;
  }

  private async dropSessions(sessions: Session[]): Promise<Session[]> {
    let kept = sessions;
    for (let i = kept.length - 1; i >= 0 && kept.length > 1 && !this.outOfTime; i--) {
      const without = kept.filter((_, j) => j !== i);
      if (await this.reproduces(without)) kept = without;
    }
    return kept;
  }

  private async shrinkSession(sessions: Session[], index: number): Promise<Session[]> {
    const replace = (session: Session): Session[] => sessions.map((s, j) => (j === index ? session : s));
    let session = sessions[index] as Session;
    // Fewer chunks.
    for (let i = session.chunks.length - 1; i >= 0 && session.chunks.length > 1 && !this.outOfTime; i--) {
      const fewer = { transport: session.transport, chunks: session.chunks.filter((_, j) => j !== i) };
      if (await this.reproduces(replace(fewer))) session = fewer;
    }
    // Shorter chunks: the shortest prefix that still reproduces (a binary search), then cuts
    // of halving size, from the end first.
    for (let c = 0; c < session.chunks.length && !this.outOfTime; c++) {
      session = await this.shortestPrefix(replace, session, c);
      let chunk = session.chunks[c] as Buffer;
      const smallest = Math.max(1, Math.floor(chunk.length / rangeCutSteps));
      for (let size = Math.floor(chunk.length / 2); size >= smallest && !this.outOfTime; size = Math.floor(size / 2)) {
        for (let start = chunk.length - size; start >= 0 && !this.outOfTime; start -= size) {
          const shorter = Buffer.concat([chunk.subarray(0, start), chunk.subarray(start + size)]);
          const chunks = session.chunks.map((x, j) => (j === c ? shorter : x));
          const candidate = { transport: session.transport, chunks };
          if (await this.reproduces(replace(candidate))) {
            chunk = shorter;
            session = candidate;
          }
        }
      }
    }
    return replace(session);
  }

  private async shortestPrefix(replace: (session: Session) => Session[], session: Session, c: number): Promise<Session> {
    const chunk = session.chunks[c] as Buffer;
    const withPrefix = (length: number): Session => ({ transport: session.transport, chunks: session.chunks.map((x, j) => (j === c ? chunk.subarray(0, length) : x)) });
    let low = 0;
    let high = chunk.length;
    while (low < high && !this.outOfTime) {
      const middle = Math.floor((low + high) / 2);
      if (await this.reproduces(replace(withPrefix(middle)))) high = middle;
      else low = middle + 1;
    }
    return withPrefix(high);
  }
}
