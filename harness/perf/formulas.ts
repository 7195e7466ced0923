/**
 * The course's performance models, as pure functions. Units: seconds, bits, bits per second;
 * object sizes are in bytes where they come from files (the functions convert). Each formula
 * is the textbook's idealisation: no slow start, no server think time, no header bytes unless
 * the caller counts them in the sizes.
 */

export interface HttpPageModel {
  rttS: number;
  rateBps: number;
  /** Size in bytes of the base page. */
  baseBytes: number;
  /** Sizes in bytes of the objects the base page references. */
  objectBytes: number[];
}

/** L/R: seconds to push `bytes` onto a link of `rateBps`. */
export function transmissionDelay(bytes: number, rateBps: number): number {
  return (bytes * 8) / rateBps;
}

/** One object over its own TCP connection: a round trip for the handshake, one for the request. */
export function nonPersistentObjectTime(rttS: number, bytes: number, rateBps: number): number {
  return 2 * rttS + transmissionDelay(bytes, rateBps);
}

/** Non-persistent HTTP, one connection after another: Σ (2·RTT + L_i/R), base page included. */
export function nonPersistentPageTime(page: HttpPageModel): number {
  return [page.baseBytes, ...page.objectBytes].reduce((sum, bytes) => sum + nonPersistentObjectTime(page.rttS, bytes, page.rateBps), 0);
}

/** Persistent HTTP without pipelining: one handshake, then a round trip per object: RTT + Σ (RTT + L_i/R). */
export function persistentPageTime(page: HttpPageModel): number {
  return page.rttS + [page.baseBytes, ...page.objectBytes].reduce((sum, bytes) => sum + page.rttS + transmissionDelay(bytes, page.rateBps), 0);
}

/**
 * Persistent HTTP with pipelining: the base page as above (2·RTT + L_0/R), then every
 * referenced object requested at once, so one round trip for all: RTT + Σ L_i/R.
 */
export function pipelinedPageTime(page: HttpPageModel): number {
  const objects = page.objectBytes.reduce((sum, bytes) => sum + transmissionDelay(bytes, page.rateBps), 0);
  return nonPersistentObjectTime(page.rttS, page.baseBytes, page.rateBps) + (page.objectBytes.length > 0 ? page.rttS + objects : 0);
}

/**
 * Non-persistent HTTP with k parallel connections, as browsers do: the base page, then the
 * objects in waves of k; the connections of a wave share the link, so a wave costs
 * 2·RTT + (the wave's bytes)/R.
 */
export function parallelPageTime(page: HttpPageModel, parallel: number): number {
  if (!Number.isInteger(parallel) || parallel < 1) throw new RangeError(`parallel connections must be a whole number ≥ 1, not ${parallel}`);
  let total = nonPersistentObjectTime(page.rttS, page.baseBytes, page.rateBps);
  for (let start = 0; start < page.objectBytes.length; start += parallel) {
    const wave = page.objectBytes.slice(start, start + parallel).reduce((sum, bytes) => sum + bytes, 0);
    total += nonPersistentObjectTime(page.rttS, wave, page.rateBps);
  }
  return total;
}

/** Traffic intensity La/R: average bits arriving per second over the bits the link can send. */
export function trafficIntensity(packetBits: number, arrivalsPerSecond: number, rateBps: number): number {
  return (packetBits * arrivalsPerSecond) / rateBps;
}

/**
 * Mean time a packet waits in the queue (not counting its own L/R) when packets of one size
 * arrive at random (Poisson) and are sent at a fixed rate: the M/D/1 queue,
 * ρ·(L/R) / (2·(1−ρ)). It grows without bound as ρ = La/R approaches 1; Infinity from 1 on.
 */
export function queueingDelay(intensity: number, serviceTimeS: number): number {
  if (intensity >= 1) return Number.POSITIVE_INFINITY;
  return (intensity * serviceTimeS) / (2 * (1 - intensity));
}

/**
 * The time each packet spends at an ideal FIFO link (its wait plus its own transmission) when
 * packets are offered at the given times and each takes serviceMs to send: Lindley's recursion,
 * each departure being the later of its arrival and the previous departure, plus serviceMs.
 * Beside the M/D/1 mean, which averages over every possible arrival sequence, this is what the
 * one sequence a run actually sent should have seen, so measured against it isolates the
 * link's own error from the sampling noise of a few hundred random arrivals.
 */
export function fifoLinkDelays(arrivalsMs: ArrayLike<number>, serviceMs: number): Float64Array {
  const delays = new Float64Array(arrivalsMs.length);
  let lastDeparture = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < arrivalsMs.length; i++) {
    const arrival = arrivalsMs[i] as number;
    lastDeparture = Math.max(arrival, lastDeparture) + serviceMs;
    delays[i] = lastDeparture - arrival;
  }
  return delays;
}

/** Access-link utilisation with a web cache of hit rate h: (1−h)·a·L/R. */
export function accessLinkUtilisation(hitRate: number, requestsPerSecond: number, objectBits: number, accessRateBps: number): number {
  return (1 - hitRate) * trafficIntensity(objectBits, requestsPerSecond, accessRateBps);
}

/** Mean delay with a cache: hits cost the LAN delay, misses the delay through the access link. */
export function cacheMeanDelay(hitRate: number, hitDelayS: number, missDelayS: number): number {
  return hitRate * hitDelayS + (1 - hitRate) * missDelayS;
}

/** Client-server file distribution to N peers: D_cs = max{N·F/u_s, F/d_min}. */
export function clientServerDistributionTime(peers: number, fileBits: number, serverUploadBps: number, minDownloadBps: number): number {
  return Math.max((peers * fileBits) / serverUploadBps, fileBits / minDownloadBps);
}

/** P2P file distribution: D_P2P = max{F/u_s, F/d_min, N·F/(u_s + Σu_i)}. */
export function p2pDistributionTime(fileBits: number, serverUploadBps: number, minDownloadBps: number, peerUploadBps: number[]): number {
  const totalUpload = serverUploadBps + peerUploadBps.reduce((sum, u) => sum + u, 0);
  return Math.max(fileBits / serverUploadBps, fileBits / minDownloadBps, (peerUploadBps.length * fileBits) / totalUpload);
}

/**
 * DNS resolution time as the sum of the round trips it makes: iterated, the local resolver's
 * trips to root, TLD and authoritative plus the host's trip to the local resolver; recursive,
 * each server's trip to the next. Either way the sum of the hop RTTs; a cached answer costs
 * only the first hop.
 */
export function resolutionTime(hopRttsS: number[]): number {
  return hopRttsS.reduce((sum, rtt) => sum + rtt, 0);
}

/** measured / model, the figure every perf record reports (1 is a perfect match). */
export function modelRatio(measured: number, model: number): number {
  return model === 0 ? (measured === 0 ? 1 : Number.POSITIVE_INFINITY) : measured / model;
}
