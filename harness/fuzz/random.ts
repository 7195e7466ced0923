import { seededRandom } from '../perf/seeded-random.ts';

/** The fuzzer's seeded choices: the same seed gives the same mutations in the same order. */
export class FuzzRandom {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** A whole number in [0, below). */
  int(below: number): number {
    return Math.floor(this.next() * Math.max(1, below));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}
