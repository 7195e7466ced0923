import { type PlayedSession, mediaRequests } from './session.ts';
import type { LoggedRequest } from './trace-server.ts';
import { phaseOf } from './scenario.ts';

/**
 * The media requests of each trace phase, in arrival order, and the throughput the harness
 * measured for them: bytes delivered over the time at least one of them was downloading (so
 * parallel downloads are not counted twice).
 */

export interface PhaseView {
  index: number;
  rateBitsPerSecond: number;
  requests: LoggedRequest[];
  /** Bits per second; undefined when no request of the phase completed. */
  throughput?: number;
}

/** Segments a player is given to settle into a phase before its choices are judged. */
export const settleSegments = 3;

export function phaseViews(session: PlayedSession): PhaseView[] {
  const { scenario } = session;
  const media = mediaRequests(session);
  return scenario.phases.map((phase, index) => {
    const requests = media.filter((r) => phaseOf(scenario, (r.number as number) - scenario.addressing.startNumber) === index);
    const view: PhaseView = { index, rateBitsPerSecond: phase.rateBitsPerSecond, requests };
    const throughput = measuredThroughput(requests);
    if (throughput !== undefined) view.throughput = throughput;
    return view;
  });
}

export function measuredThroughput(requests: LoggedRequest[]): number | undefined {
  const spans = requests.filter((r) => r.done !== undefined && r.done > r.at).map((r) => [r.at, r.done as number] as const);
  if (spans.length === 0) return undefined;
  spans.sort((a, b) => a[0] - b[0]);
  let busy = 0;
  let [start, end] = spans[0] as readonly [number, number];
  for (const [s, e] of spans.slice(1)) {
    if (s > end) {
      busy += end - start;
      [start, end] = [s, e];
    } else end = Math.max(end, e);
  }
  busy += end - start;
  const bytes = requests.filter((r) => r.done !== undefined).reduce((sum, r) => sum + r.bytes, 0);
  return (bytes * 8) / (busy / 1000);
}

export const mbps = (bitsPerSecond: number): string => `${(bitsPerSecond / 1e6).toFixed(3)} Mbit/s`;
