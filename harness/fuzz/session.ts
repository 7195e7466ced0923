import { UsageError } from '../core/errors.ts';
import { escapeBytes } from '../wire/escape.ts';

/**
 * What a client sent on one connection (TCP: the writes, in order) or one socket (UDP: the
 * datagrams). Protocol-agnostic: the fuzzer only sees bytes, lines and numbers.
 */
export interface Session {
  transport: 'tcp' | 'udp';
  chunks: Buffer[];
}

export function sessionBytes(session: Session): number {
  return session.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
}

/** One step per chunk, escaped as in transcripts, for a reader to repeat by hand. */
export function sessionSteps(session: Session, previewChars = 400): string[] {
  const verb = session.transport === 'tcp' ? 'write' : 'send datagram';
  return session.chunks.map((chunk) => {
    const text = escapeBytes(chunk);
    const shown = text.length > previewChars ? `${text.slice(0, previewChars)}… (${chunk.length} bytes)` : text;
    return `${verb} "${shown}"`;
  });
}

function sessionToJson(session: Session): { transport: Session['transport']; chunks: string[] } {
  return { transport: session.transport, chunks: session.chunks.map((chunk) => chunk.toString('base64')) };
}

function sessionFromJson(value: unknown): Session | undefined {
  const record = value as { transport?: unknown; chunks?: unknown } | null;
  const transport = record?.transport;
  const chunks = record?.chunks;
  if ((transport !== 'tcp' && transport !== 'udp') || !Array.isArray(chunks) || !chunks.every((c) => typeof c === 'string')) return undefined;
  return { transport, chunks: chunks.map((c: string) => Buffer.from(c, 'base64')) };
}

/**
 * A replayable fuzz case: the sessions to send, one connection each, in order, and the probe
 * (a valid session and the shape of its reply) that tells whether the target still works.
 */
export interface FuzzCase {
  kind: FindingKind;
  sessions: Session[];
  probe?: Probe;
}

export type FindingKind = 'crash' | 'hang' | 'framing' | 'memory';

/** A valid session the target answered before fuzzing; shape undefined when its reply varies. */
export interface Probe {
  session: Session;
  /** Whether the target answered it with at least one byte (else only the connect is checked). */
  answered: boolean;
  shape?: string;
}

/** The case as a JSON string (chunks in base64): the `input` of a finding in the report. */
export function encodeCase(fuzzCase: FuzzCase): string {
  const probe = fuzzCase.probe && { ...fuzzCase.probe, session: sessionToJson(fuzzCase.probe.session) };
  return JSON.stringify({ kind: fuzzCase.kind, sessions: fuzzCase.sessions.map(sessionToJson), ...(probe ? { probe } : {}) });
}

export function decodeCase(text: string): FuzzCase {
  const invalid = new UsageError('the finding holds no fuzz case in its input (was it written by rfcheck fuzz?)');
  let value: { kind?: unknown; sessions?: unknown; probe?: { session?: unknown; answered?: unknown; shape?: unknown } };
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    throw invalid;
  }
  const kinds: unknown[] = ['crash', 'hang', 'framing', 'memory'];
  if (!value || !kinds.includes(value.kind) || !Array.isArray(value.sessions)) throw invalid;
  const sessions = value.sessions.map(sessionFromJson);
  if (sessions.some((s) => s === undefined)) throw invalid;
  const fuzzCase: FuzzCase = { kind: value.kind as FindingKind, sessions: sessions as Session[] };
  if (value.probe) {
    const session = sessionFromJson(value.probe.session);
    if (!session) throw invalid;
    fuzzCase.probe = { session, answered: value.probe.answered === true };
    if (typeof value.probe.shape === 'string') fuzzCase.probe.shape = value.probe.shape;
  }
  return fuzzCase;
}
