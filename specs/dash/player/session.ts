import { violation } from '../../../harness/core/expect.ts';
import { type Level, type RuleSpec, type SuiteOptions, rule } from '../../../harness/core/rule.ts';
import type { RunIO } from '../../../harness/runner/run-io.ts';
import { formatEndpoint } from '../../../harness/wire/limits.ts';
import { type PlayerScenario, playerScenario, segmentCount } from './scenario.ts';
import { type LoggedRequest, TraceServer } from './trace-server.ts';

/**
 * One judged session: the harness starts its trace server, connects to the player's control
 * port, sends `PLAY <mpd-url> <max-seconds>` and waits for the player's one-line answer. The
 * verdicts come from the request log; the player's DONE figures are only cross-checked.
 *
 * Every rule of a suite run draws the same scenarios (one seed, one arbitrary), so the first
 * rule to need a scenario plays it and the others judge the same recording: a suite run plays
 * each scenario once, not once per rule. Sessions are kept per run (the options object the
 * runner hands every rule of one run) and per target address.
 */

export interface PlayerAnswer {
  kind: 'DONE' | 'ERROR' | 'malformed' | 'none';
  /** The line as received (without its terminator), or why there was none. */
  text: string;
  terminator?: 'CRLF' | 'LF';
  stalls?: number;
  stallMs?: number;
}

export interface PlayedSession {
  scenario: PlayerScenario;
  mpdUrl: string;
  requests: LoggedRequest[];
  answer: PlayerAnswer;
  /** When the answer line arrived (ms, session clock). */
  answeredAt: number;
  /** Whether the player closed the control connection after its answer. */
  closedAfterAnswer: boolean;
}

/** The wall-clock budget a player gets for one session, in seconds (the PLAY line's max-seconds). */
export function sessionBudgetSeconds(scenario: PlayerScenario): number {
  return Math.ceil((segmentCount(scenario) * scenario.segmentMs * 4) / 1000) + 5;
}

const sessions = new WeakMap<SuiteOptions, Map<string, Promise<PlayedSession>>>();
let sessionsStarted = 0;

export function playSession(io: RunIO, scenario: PlayerScenario): Promise<PlayedSession> {
  let byKey = sessions.get(io.options);
  if (!byKey) sessions.set(io.options, (byKey = new Map()));
  const key = `${formatEndpoint(io.target)} ${JSON.stringify(scenario)}`;
  let session = byKey.get(key);
  if (!session) {
    session = play(io, scenario);
    byKey.set(key, session);
    // A session that failed to run (the harness's own trouble) is not kept for the next rule.
    session.catch(() => byKey.delete(key));
  }
  return session;
}

async function play(io: RunIO, scenario: PlayerScenario): Promise<PlayedSession> {
  sessionsStarted += 1;
  const server = await TraceServer.start(scenario, `/s${sessionsStarted}-${Date.now().toString(36)}/`, 5000);
  try {
    const budget = sessionBudgetSeconds(scenario);
    const control = await io.tcp();
    await control.write(`PLAY ${server.mpdUrl} ${budget}\r\n`);
    let answer: PlayerAnswer;
    try {
      const line = await control.readLine('the DONE or ERROR line', { timeoutMs: (budget + 3) * 1000, maxBytes: 4096 });
      answer = parseAnswer(line.text, line.terminator);
    } catch (error) {
      answer = { kind: 'none', text: error instanceof Error ? error.message : String(error) };
    }
    const answeredAt = server.now();
    const closedAfterAnswer = answer.kind === 'none' ? true : await control.waitForClose(1500);
    // Requests still in flight after the answer belong to the session too.
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { scenario, mpdUrl: server.mpdUrl, requests: [...server.log], answer, answeredAt, closedAfterAnswer };
  } finally {
    await server.close();
  }
}

export function parseAnswer(text: string, terminator: 'CRLF' | 'LF'): PlayerAnswer {
  const done = /^DONE (\d{1,9}) (\d{1,12})$/.exec(text);
  if (done) return { kind: 'DONE', text, terminator, stalls: Number(done[1]), stallMs: Number(done[2]) };
  if (/^ERROR( .*)?$/.test(text)) return { kind: 'ERROR', text, terminator };
  return { kind: 'malformed', text, terminator };
}

/** Records the session in the run's steps: the PLAY line, the answer and every request. */
export function describeSession(io: RunIO, session: PlayedSession): void {
  const { scenario } = session;
  const phases = scenario.phases.map((p) => `${p.segments} segments at ${(p.rateBitsPerSecond / 1e6).toFixed(2)} Mbit/s`).join(', then ');
  io.step(`ladder ${scenario.ladder.map((b) => `${scenario.ids[scenario.ladder.indexOf(b)] ?? '?'}=${b}`).join(' ')} bit/s; media ${JSON.stringify(scenario.addressing.media)}, startNumber ${scenario.addressing.startNumber}, ${scenario.segmentMs} ms segments`);
  io.step(`trace: ${phases}`);
  io.step(`PLAY ${session.mpdUrl} ${sessionBudgetSeconds(scenario)}`);
  for (const r of session.requests) {
    const timing = `${r.at.toFixed(0)}–${r.done === undefined ? 'never' : r.done.toFixed(0)} ms`;
    io.step(`#${r.connection}.${r.onConnection} ${r.method} ${r.target} ${r.version} → ${r.status} ${r.kind}${r.rung !== undefined ? ` rung ${r.rung}` : ''} ${r.bytes} B, ${timing}`);
  }
  io.step(`player answered ${JSON.stringify(session.answer.text)} at ${session.answeredAt.toFixed(0)} ms`);
}

/** Plays (or reuses) the session and records it; the check then judges `session`. */
export async function judgedSession(io: RunIO, scenario: PlayerScenario): Promise<PlayedSession> {
  const session = await playSession(io, scenario);
  describeSession(io, session);
  return session;
}

/** The media requests in the order they arrived. */
export const mediaRequests = (session: PlayedSession): LoggedRequest[] => session.requests.filter((r) => r.kind === 'media');

/** Fails the rule when the session produced no media request at all (nothing to judge). */
export function requireMedia(session: PlayedSession): LoggedRequest[] {
  const media = mediaRequests(session);
  if (media.length === 0) violation(`the player requested no media segment (it answered ${JSON.stringify(session.answer.text)})`, 'media segment requests', 'none');
  return media;
}

/** Runs per rule: each run is a whole playback session of a few seconds, shared by every rule. */
export const sessionRuns = 3;

export interface SessionRuleSpec {
  slug: string;
  level: Level;
  title: string;
  sends: string;
  /** Judges one recorded session; throws a ProtocolViolation when the player is wrong. */
  judge: (io: RunIO, session: PlayedSession) => void;
}

/** A rule judged on a playback session: the scenario is drawn, the session played (or reused) and recorded. */
export function sessionRule(spec: SessionRuleSpec): RuleSpec<PlayerScenario> {
  const { judge, ...rest } = spec;
  return rule({
    ...rest,
    input: playerScenario(),
    maxRuns: sessionRuns,
    check: async (io, scenario) => judge(io, await judgedSession(io, scenario)),
  });
}
