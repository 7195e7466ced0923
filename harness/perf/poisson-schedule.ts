import { seededRandom } from './seeded-random.ts';

/**
 * Offsets in milliseconds of `count` arrivals of a Poisson process of `perSecond` arrivals per
 * second (exponential gaps), from a seed: the random arrivals the queueing formulas assume.
 */
export function poissonArrivals(count: number, perSecond: number, seed: number): number[] {
  const random = seededRandom(seed);
  const offsets: number[] = [];
  let time = 0;
  for (let i = 0; i < count; i++) {
    offsets.push(time);
    time += (-Math.log(1 - random()) / perSecond) * 1000;
  }
  return offsets;
}
