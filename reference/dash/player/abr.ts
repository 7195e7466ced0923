/**
 * Adaptive bitrate choice, two ways the course names: rate-based (the harmonic mean of the last
 * k segment throughputs, scaled by a safety factor, picks the highest representation below it)
 * and buffer-based (BBA: below a reservoir the lowest rate, above reservoir + cushion the
 * highest, a straight line between). Both are pure functions of what the player has seen.
 */

export type AbrAlgorithm = 'rate' | 'buffer';

export interface AbrState {
  /** Bits per second of the completed media downloads, oldest first. */
  throughputs: number[];
  /** Media buffered ahead of the playhead, ms. */
  bufferMs: number;
  segmentMs: number;
  /** Rung of the previous media segment, if any. */
  previous?: number;
}

export const rateBased = { window: 3, safety: 0.9 };
/** BBA thresholds in segment durations, so they mean the same for 2 s and 0.1 s segments. */
export const bufferBased = { reservoirSegments: 2, cushionSegments: 3 };

/** Harmonic mean of the last `window` samples, or undefined with none. */
export function harmonicMean(samples: number[], window = rateBased.window): number | undefined {
  const last = samples.slice(-window).filter((s) => s > 0);
  if (last.length === 0) return undefined;
  return last.length / last.reduce((sum, s) => sum + 1 / s, 0);
}

/** The highest rung whose bandwidth is at most `bitsPerSecond` (the lowest if none is). */
export function highestAtMost(ladder: readonly number[], bitsPerSecond: number): number {
  let best = 0;
  ladder.forEach((bandwidth, rung) => {
    if (bandwidth <= bitsPerSecond) best = rung;
  });
  return best;
}

export function chooseRateBased(ladder: readonly number[], state: AbrState): number {
  const estimate = harmonicMean(state.throughputs);
  return estimate === undefined ? 0 : highestAtMost(ladder, estimate * rateBased.safety);
}

export function chooseBufferBased(ladder: readonly number[], state: AbrState): number {
  const reservoir = bufferBased.reservoirSegments * state.segmentMs;
  const cushion = bufferBased.cushionSegments * state.segmentMs;
  const low = ladder[0] as number;
  const high = ladder[ladder.length - 1] as number;
  if (state.bufferMs <= reservoir) return 0;
  if (state.bufferMs >= reservoir + cushion) return ladder.length - 1;
  return highestAtMost(ladder, low + ((state.bufferMs - reservoir) / cushion) * (high - low));
}

export function choose(algorithm: AbrAlgorithm, ladder: readonly number[], state: AbrState): number {
  return algorithm === 'rate' ? chooseRateBased(ladder, state) : chooseBufferBased(ladder, state);
}
