/** Deadlines and byte caps every wire read obeys. */
export interface WireLimits {
  /** How long one read (or connect) may wait, in milliseconds. */
  readTimeoutMs: number;
  /** The most bytes one read may accumulate before the reply counts as too large. */
  maxReplyBytes: number;
  /**
   * The most bytes one connection may deliver in all. Each read is capped, but a check that
   * reads message after message (frames, lines) from an endless stream would otherwise gather
   * without bound: past this budget the connection is closed and reads fail as too large.
   */
  maxConnectionBytes: number;
}

export const defaultWireLimits: WireLimits = {
  readTimeoutMs: 2000,
  maxReplyBytes: 4 * 1024 * 1024,
  maxConnectionBytes: 16 * 1024 * 1024,
};

export interface Endpoint {
  host: string;
  port: number;
}

export function formatEndpoint({ host, port }: Endpoint): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
