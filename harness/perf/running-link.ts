import type { Endpoint } from '../wire/limits.ts';

/** What crossed one direction of an emulated link. */
export interface DirectionStats {
  /** Bytes delivered to the far end. */
  deliveredBytes: number;
  /** Datagrams dropped by the loss model (UDP). */
  lostDatagrams: number;
  /** Datagrams dropped because the queue was full (UDP tail drop). */
  overflowDatagrams: number;
}

export interface LinkStats {
  up: DirectionStats;
  down: DirectionStats;
  /** TCP connections (or UDP client sessions) accepted so far. */
  sessions: number;
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
