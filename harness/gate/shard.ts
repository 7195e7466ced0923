import { UsageError } from '../core/errors.ts';

export interface Shard {
  /** 1-based, as CI matrices and Kubernetes completion indexes are written (`--shard 2/4`). */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard '${text}' is not i/n with 1 ≤ i ≤ n (e.g. --shard 2/4)`);
  return { index, count };
}

/**
 * Deals rules to shards in turn over the run's whole ordered rule list, so every shard gets
 * rules of every suite and the shards are within one rule of each other in size. A rule's
 * verdict depends only on the seed and the rule, so the union of the shards' reports is the
 * unsharded report.
 */
export function inShard(shard: Shard, allRuleIds: readonly string[]): (ruleId: string) => boolean {
  const mine = new Set(allRuleIds.filter((_, i) => i % shard.count === shard.index - 1));
  return (ruleId) => mine.has(ruleId);
}
