import type { Level } from '../core/rule.ts';
import type { RuleResult } from '../report/model.ts';
import { type FuzzCase, type FindingKind, sessionSteps, encodeCase } from './session.ts';

/** What a finding says about the target, as the title of its entry in the report. */
const titles: Record<FindingKind, string> = {
  crash: 'The target survives any input: no crash or exit',
  hang: 'The target keeps accepting and answering valid sessions after any input',
  framing: 'The target keeps its reply framing for valid sessions after any input',
  memory: "The target's memory stays bounded under fuzzing",
};

/** Crashes and hangs break a server outright; framing and memory are judged by heuristics. */
const levels: Record<FindingKind, Level> = { crash: 'MUST', hang: 'MUST', framing: 'SHOULD', memory: 'SHOULD' };

export interface FindingDetail {
  suite: string;
  /** 1-based number of this kind of finding in the run. */
  number: number;
  fuzzCase: FuzzCase;
  message: string;
  seed: number;
  execs: number;
  durationMs: number;
  transcript: string;
  replayCommand: (id: string) => string;
}

export function findingId(suite: string, kind: FindingKind, number: number): string {
  return `${suite}/fuzz/${kind}-${number}`;
}

/**
 * A finding as a failed rule of the suite's report entry: the report contract stays the same,
 * and `path` ("fuzz:<kind>") tells `rfcheck replay` to re-send the case instead of re-running a
 * rule. The steps list each connection's writes; `input` holds the exact bytes.
 */
export function findingResult(detail: FindingDetail): RuleResult {
  const { fuzzCase } = detail;
  const id = findingId(detail.suite, fuzzCase.kind, detail.number);
  const many = fuzzCase.sessions.length > 1;
  const steps = fuzzCase.sessions.flatMap((session, i) => {
    const label = many ? `[connection ${i + 1}] ` : '';
    const opened = session.transport === 'tcp' ? [`${label}connect`] : [];
    const closing = session.transport === 'tcp' ? [`${label}half-close (FIN), read the reply`] : [`${label}read the replies`];
    return [...opened, ...sessionSteps(session).map((step) => `${label}${step}`), ...closing];
  });
  steps.push(fuzzCase.kind === 'crash' ? 'the target process ends' : 'send a valid session: see the message');
  return {
    id,
    level: levels[fuzzCase.kind],
    rfc: 'rfcheck fuzz',
    section: 'fuzz',
    title: titles[fuzzCase.kind],
    status: 'fail',
    runs: detail.execs,
    durationMs: detail.durationMs,
    message: detail.message,
    counterexample: {
      seed: detail.seed,
      path: `fuzz:${fuzzCase.kind}`,
      steps,
      transcript: detail.transcript,
      message: detail.message,
      input: encodeCase(fuzzCase),
      replay: detail.replayCommand(id),
    },
  };
}

export function isFuzzFinding(result: Pick<RuleResult, 'counterexample'>): boolean {
  return result.counterexample?.path.startsWith('fuzz:') ?? false;
}
