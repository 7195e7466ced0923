import { type Directives, deltaSeconds } from './cache-control.ts';
import type { ProxyFault } from './faults.ts';
import { type Fields, fieldValue, parseHttpDate } from './header-fields.ts';

/** Freshness lifetime and age of a stored response (RFC 9111 §4.2.1–§4.2.3), in seconds. */

export interface StoredTiming {
  /** When the request that fetched the response was sent, ms since the epoch. */
  requestTime: number;
  /** When the response arrived, ms since the epoch. */
  responseTime: number;
}

/** Statuses a cache may give heuristic freshness to (RFC 9110 §15.1). */
export const heuristicallyCacheable = new Set([200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501]);

/** Heuristic lifetimes are a tenth of the time since Last-Modified, capped at a day. */
const heuristicFraction = 0.1;
const heuristicCapSeconds = 24 * 3600;

export function freshnessLifetime(status: number, fields: Fields, directives: Directives, fault?: ProxyFault): number {
  if (fault === 'heuristic-over-explicit' && fieldValue(fields, 'last-modified') !== undefined) return heuristicLifetime(status, fields, directives);
  const shared = fault === 'ignores-s-maxage' ? undefined : deltaSeconds(directives, 's-maxage');
  if (shared !== undefined) return shared;
  const maxAge = fault === 'ignores-max-age' ? undefined : deltaSeconds(directives, 'max-age');
  if (maxAge !== undefined) return fault === 'max-age-in-minutes' ? maxAge * 60 : maxAge;
  const expiresText = fault === 'ignores-expires' ? undefined : fieldValue(fields, 'expires');
  const date = parseHttpDate(fieldValue(fields, 'date'));
  if (expiresText !== undefined) {
    // An Expires that does not parse means "already expired" (§5.3).
    const expires = parseHttpDate(expiresText);
    if (expires !== undefined && date !== undefined) return Math.max(0, (expires - date) / 1000);
    if (fault !== 'invalid-expires-ignored') return 0;
  }
  return fault === 'no-heuristic-freshness' ? 0 : heuristicLifetime(status, fields, directives);
}

function heuristicLifetime(status: number, fields: Fields, directives: Directives): number {
  const date = parseHttpDate(fieldValue(fields, 'date'));
  const lastModified = parseHttpDate(fieldValue(fields, 'last-modified'));
  if (lastModified === undefined || date === undefined) return 0;
  if (!heuristicallyCacheable.has(status) && !directives.has('public')) return 0;
  return Math.min(heuristicCapSeconds, Math.max(0, ((date - lastModified) / 1000) * heuristicFraction));
}

/** True when the response says how long it stays fresh, so storing it is worth something. */
export function hasExplicitFreshness(fields: Fields, directives: Directives): boolean {
  return directives.has('s-maxage') || directives.has('max-age') || fieldValue(fields, 'expires') !== undefined;
}

/** The current age (§4.2.3): what the response had on arrival, plus its time in this cache. */
export function currentAge(fields: Fields, timing: StoredTiming, now: number, fault?: ProxyFault): number {
  const ageText = fieldValue(fields, 'age');
  const ageValue = ageText !== undefined && /^\d+$/.test(ageText) ? Number(ageText) : 0;
  const date = parseHttpDate(fieldValue(fields, 'date')) ?? timing.responseTime;
  const apparentAge = Math.max(0, (timing.responseTime - date) / 1000);
  const responseDelay = (timing.responseTime - timing.requestTime) / 1000;
  const correctedInitialAge = Math.max(apparentAge, ageValue + responseDelay);
  const residentTime = fault === 'age-without-residence' ? 0 : (now - timing.responseTime) / 1000;
  return correctedInitialAge + residentTime;
}
