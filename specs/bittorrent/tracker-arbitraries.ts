import fc from 'fast-check';
import type { RuleSetup } from '../../harness/core/rule.ts';
import { swarmPool } from './tracker-client.ts';

/** Generators for tracker requests. Swarms come from the fixture pool a tracker must accept. */

export const peerId = (): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: 20, maxLength: 20 });

/**
 * A leecher's bytes left, below 4 GiB: sizes that need more than 32 bits are the subject of a
 * rule of their own, so other rules do not trip over a tracker that truncates them.
 */
export const leecherLeft = (): fc.Arbitrary<number> => fc.integer({ min: 1, max: 2 ** 32 - 1 });

/** Bytes still to download: a seeder's 0 or a leecher's amount. */
export const bytesLeft = (): fc.Arbitrary<number> => fc.oneof(fc.constant(0), leecherLeft());

/**
 * A leecher's bytes left that is a whole multiple of 4 GiB (2^32), up to 1 TiB: a tracker that
 * keeps only 32 bits of it sees 0 and takes the leecher for a seeder.
 */
export const leftMultipleOf4GiB = (): fc.Arbitrary<number> => fc.integer({ min: 1, max: 256 }).map((units) => units * 2 ** 32);

/** One swarm of the fixture pool. */
export const swarm = (setup: RuleSetup): fc.Arbitrary<Buffer> => fc.constantFrom(...swarmPool(setup.options.fixturesDir));

/** `count` different swarms of the pool. */
export const distinctSwarms = (setup: RuleSetup, count: number): fc.Arbitrary<Buffer[]> => {
  const pool = swarmPool(setup.options.fixturesDir);
  return fc.uniqueArray(fc.integer({ min: 0, max: pool.length - 1 }), { minLength: count, maxLength: count }).map((picks) => picks.map((i) => pool[i] as Buffer));
};

/** An info_hash of the wrong length (BEP 3 makes it exactly 20 bytes). */
export const infoHashOfWrongLength = (): fc.Arbitrary<Uint8Array> =>
  fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 19 }), fc.uint8Array({ minLength: 21, maxLength: 40 }));

/** 2–4 different swarms of the pool and a leecher's bytes left. */
export const severalSwarms = (setup: RuleSetup): fc.Arbitrary<{ hashes: Buffer[]; left: number }> =>
  fc.integer({ min: 2, max: 4 }).chain((count) => fc.record({ hashes: distinctSwarms(setup, count), left: leecherLeft() }));
