/** One direction of an emulated link. */
export interface DirectionConfig {
  /** One-way propagation delay, in milliseconds. */
  delayMs: number;
  /** Serialization rate in bits per second; undefined means no rate limit. */
  rateBitsPerSecond?: number;
  /** Bytes an idle link may send at once (see TokenBucket); 0 makes it a plain wire. */
  burstBytes?: number;
  /** Fraction of datagrams dropped (UDP only; TCP never loses bytes). */
  lossRate?: number;
  /** Bytes that may wait in this direction's queue; TCP pauses its sender, UDP drops (tail drop). */
  queueCapBytes?: number;
}

/** A link between the client (up: client → server) and the server (down: server → client). */
export interface LinkConfig {
  up: DirectionConfig;
  down: DirectionConfig;
  /** Seed of the loss decisions, so a lossy run can be repeated. */
  seed?: number;
}

export const defaultQueueCapBytes = 4 * 1024 * 1024;

/** The course's link: the same one-way delay (RTT/2) and rate in both directions. */
export function symmetricLink(options: { rttMs: number; rateMbps?: number; lossRate?: number; seed?: number; queueCapBytes?: number }): LinkConfig {
  const direction: DirectionConfig = { delayMs: options.rttMs / 2 };
  if (options.rateMbps !== undefined) direction.rateBitsPerSecond = options.rateMbps * 1e6;
  if (options.lossRate !== undefined) direction.lossRate = options.lossRate;
  if (options.queueCapBytes !== undefined) direction.queueCapBytes = options.queueCapBytes;
  return { up: { ...direction }, down: { ...direction }, ...(options.seed !== undefined ? { seed: options.seed } : {}) };
}

/** Checks a config before any socket is opened, so a bad value is a clear error, not a hang. */
export function validateLink(config: LinkConfig): void {
  for (const [name, d] of [['up', config.up], ['down', config.down]] as const) {
    if (!(d.delayMs >= 0) || !Number.isFinite(d.delayMs)) throw new RangeError(`${name} delay must be a finite number of ms ≥ 0, not ${d.delayMs}`);
    if (d.rateBitsPerSecond !== undefined && !(d.rateBitsPerSecond > 0)) throw new RangeError(`${name} rate must be positive, not ${d.rateBitsPerSecond}`);
    if (d.lossRate !== undefined && !(d.lossRate >= 0 && d.lossRate <= 1)) throw new RangeError(`${name} loss must be between 0 and 1, not ${d.lossRate}`);
  }
}
