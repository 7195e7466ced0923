import fc from 'fast-check';

/**
 * Property tests run with a fixed seed in CI so a red run can be replayed; locally too unless
 * RFCHECK_TEST_SEED asks for another.
 */
export const testSeed = Number(process.env.RFCHECK_TEST_SEED ?? 20261121);
fc.configureGlobal({ seed: testSeed });
