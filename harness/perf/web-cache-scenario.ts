import type { PerfRecord } from '../report/model.ts';
import type { Endpoint } from '../wire/limits.ts';
import { systemClock } from './clock.ts';
import { accessLinkUtilisation, cacheMeanDelay, modelRatio, nonPersistentObjectTime, queueingDelay, transmissionDelay } from './formulas.ts';
import { type FetchedResponse, fetchOnce } from './http-fetch.ts';
import { round } from './http-scenarios.ts';
import { startInstitutionalCache } from './institutional-cache.ts';
import { symmetricLink } from './link-config.ts';
import { objectPath } from './page-objects.ts';
import { poissonArrivals } from './poisson-schedule.ts';
import { seededRandom } from './seeded-random.ts';
import { startTcpLink } from './tcp-link.ts';

/**
 * The course's institutional network, scaled down: clients on a LAN (loopback, no emulation)
 * send a requests per second (Poisson) for objects of L bytes through a web cache; misses cross
 * the access link (rate R) and the Internet (RTT) to the origin. A request is a hit with
 * probability h, for an object first asked for long enough ago to be in the cache.
 * Two records: access-link utilisation against (1−h)·a·L/R, and mean delay against
 * h·0 + (1−h)·(2·RTT + L/R + M/D/1 wait at that utilisation).
 */
export interface WebCacheSettings {
  rttMs: number;
  rateMbps: number;
  objectBytes: number;
  requestsPerSecond: number;
  hitRate: number;
  requests: number;
  seed: number;
}

interface PlannedRequest {
  atMs: number;
  object: number;
  hit: boolean;
}

/** Which object each request asks for; a hit repeats an object first asked for ≥ warmMs ago. */
export function planRequests(settings: WebCacheSettings, warmMs: number): PlannedRequest[] {
  const offsets = poissonArrivals(settings.requests, settings.requestsPerSecond, settings.seed);
  const random = seededRandom(settings.seed + 1);
  const firstAsked: { object: number; atMs: number }[] = [];
  return offsets.map((atMs) => {
    const wantHit = random() < settings.hitRate;
    const pick = random();
    const warm = firstAsked.filter((o) => o.atMs <= atMs - warmMs);
    if (wantHit && warm.length > 0) return { atMs, object: (warm[Math.floor(pick * warm.length)] as { object: number }).object, hit: true };
    const object = firstAsked.length + 1;
    firstAsked.push({ object, atMs });
    return { atMs, object, hit: false };
  });
}

export async function measureWebCache(origin: Endpoint, settings: WebCacheSettings, targetLabel: string): Promise<PerfRecord[]> {
  const rateBps = settings.rateMbps * 1e6;
  const missModelS = nonPersistentObjectTime(settings.rttMs / 1000, settings.objectBytes, rateBps);
  const plan = planRequests(settings, Math.max(1_000, 4 * missModelS * 1000));
  const timeoutMs = 30_000 + 10 * missModelS * 1000;
  const link = await startTcpLink(origin, symmetricLink({ rttMs: settings.rttMs, rateMbps: settings.rateMbps, queueCapBytes: 64 * 1024 * 1024 }));
  const cache = await startInstitutionalCache(link.endpoint, timeoutMs);
  const delays: { hit: boolean; seconds: number; response: FetchedResponse }[] = [];
  const started = performance.now();
  try {
    const inFlight: Promise<void>[] = [];
    for (const request of plan) {
      const due = started + request.atMs;
      if (performance.now() < due) await new Promise<void>((resolve) => systemClock.at(due, resolve));
      const sentAt = performance.now();
      inFlight.push(
        fetchOnce(cache.endpoint, objectPath(request.object, settings.objectBytes), { timeoutMs }).then((response) => {
          delays.push({ hit: request.hit, seconds: (response.completedAt - sentAt) / 1000, response });
        }),
      );
    }
    await Promise.all(inFlight);
  } finally {
    await cache.close();
    await link.close();
  }
  const misses = delays.filter((d) => !d.hit);
  const plannedHitRate = (plan.length - misses.length) / plan.length;
  // L as the link carried it: the origin's header block and body.
  const missBytes = misses.reduce((sum, d) => sum + d.response.wireBytes, 0) / Math.max(1, misses.length);
  const spanS = ((plan[plan.length - 1]?.atMs ?? 0) + 1000 / settings.requestsPerSecond) / 1000;
  const measuredUtilisation = (link.stats().down.deliveredBytes * 8) / (rateBps * spanS);
  const modelUtilisation = accessLinkUtilisation(plannedHitRate, settings.requestsPerSecond, missBytes * 8, rateBps);
  const serviceS = transmissionDelay(missBytes, rateBps);
  const missDelayS = 2 * (settings.rttMs / 1000) + serviceS + queueingDelay(modelUtilisation, serviceS);
  const measuredDelay = delays.reduce((sum, d) => sum + d.seconds, 0) / Math.max(1, delays.length);
  const modelDelay = cacheMeanDelay(plannedHitRate, 0, missDelayS);
  const params: PerfRecord['params'] = {
    target: targetLabel,
    rttMs: settings.rttMs,
    rateMbps: settings.rateMbps,
    size: settings.objectBytes,
    requestRate: settings.requestsPerSecond,
    hitRate: round(plannedHitRate),
    cacheHits: cache.hits(),
    requests: plan.length,
  };
  return [
    { scenario: 'web-cache', params: { ...params, measure: 'access-link utilisation' }, unit: '', measured: round(measuredUtilisation), model: round(modelUtilisation), ratio: round(modelRatio(measuredUtilisation, modelUtilisation)) },
    { scenario: 'web-cache', params: { ...params, measure: 'mean delay' }, unit: 's', measured: round(measuredDelay), model: round(modelDelay), ratio: round(modelRatio(measuredDelay, modelDelay)) },
  ];
}
