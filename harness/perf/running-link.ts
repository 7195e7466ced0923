import type { DelayLine } from './delay-line.ts';
import type { Endpoint } from '../wire/limits.ts';

/** What crossed one direction of an emulated link. */
export interface DirectionStats {
  /** Bytes delivered to the far end. */
  deliveredBytes: number;
  /** Datagrams dropped by the loss model (UDP). */
  lostDatagrams: number;
  /** Datagrams dropped because the queue was full (UDP tail drop). */
  overflowDatagrams: number;
  /** Mean and largest delay, in ms, between a chunk's due time and its delivery. */
  meanLateMs: number;
  maxLateMs: number;
}

export interface LinkStats {
  up: DirectionStats;
  down: DirectionStats;
  /** TCP connections (or UDP client sessions) accepted so far. */
  sessions: number;
  /**
   * TCP only: the server's mean think time, in ms, from handing it a request's bytes to its
   * first byte back. The course's formulas count none, so it explains part of any excess.
   */
  serverThinkMs?: number;
}

/** A direction's counters in the shape of DirectionStats. */
export function directionStats(line: Pick<DelayLine<never>, 'deliveredBytes' | 'lateness'>, drops: { lostDatagrams: number; overflowDatagrams: number } = { lostDatagrams: 0, overflowDatagrams: 0 }): DirectionStats {
  const { chunks, totalMs, maxMs } = line.lateness;
  return { deliveredBytes: line.deliveredBytes, ...drops, meanLateMs: chunks > 0 ? totalMs / chunks : 0, maxLateMs: maxMs };
}

/** An emulated link in front of a target: clients connect to `endpoint` instead. */
export interface RunningLink {
  endpoint: Endpoint;
  stats(): LinkStats;
  /** Closes the listening socket and every connection; resolves when all are gone. */
  close(): Promise<void>;
}

export interface LinkStartOptions {
  /** Where the emulator listens (default 127.0.0.1, an ephemeral port). */
  host?: string;
  port?: number;
  /** A connection or UDP session idle this long is dropped (default 30 s). */
  idleTimeoutMs?: number;
}

export const defaultLinkIdleTimeoutMs = 30_000;
