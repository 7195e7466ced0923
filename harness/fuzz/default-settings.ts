import type { FuzzSettings } from './fuzz-suite.ts';

/** `rfcheck fuzz`'s defaults (the usage text and README list them). */
export const fuzzDefaults = {
  durationMs: 60_000,
  concurrency: 32,
  readTimeoutMs: 1000,
  quietMs: 10,
  maxReplyBytes: 64 * 1024,
  startTimeoutMs: 10_000,
  corpusRunsPerRule: 3,
  healthEveryMs: 500,
  maxRssGrowthMb: 256,
  minimiseBudgetMs: 30_000,
  crashGraceMs: 300,
};

/** Fuzz settings from the defaults; what a caller must always say, plus any overrides. */
export function fuzzSettings(given: Pick<FuzzSettings, 'seed' | 'options' | 'replayCommand'> & Partial<FuzzSettings>): FuzzSettings {
  return {
    durationMs: fuzzDefaults.durationMs,
    maxExecs: Number.MAX_SAFE_INTEGER,
    concurrency: fuzzDefaults.concurrency,
    exec: { readTimeoutMs: fuzzDefaults.readTimeoutMs, quietMs: fuzzDefaults.quietMs, maxReplyBytes: fuzzDefaults.maxReplyBytes },
    startTimeoutMs: fuzzDefaults.startTimeoutMs,
    corpusRunsPerRule: fuzzDefaults.corpusRunsPerRule,
    healthEveryMs: fuzzDefaults.healthEveryMs,
    maxRssGrowthBytes: fuzzDefaults.maxRssGrowthMb * 1024 * 1024,
    minimiseBudgetMs: fuzzDefaults.minimiseBudgetMs,
    crashGraceMs: fuzzDefaults.crashGraceMs,
    ...given,
  };
}
