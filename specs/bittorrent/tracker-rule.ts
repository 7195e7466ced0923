import { type RuleSpec, rule } from '../../harness/core/rule.ts';
import { leaveJoinedSwarms } from './tracker-client.ts';

/** A tracker rule whose peers announce event=stopped once its check has passed. */
export function trackerRule<T>(spec: RuleSpec<T>): RuleSpec<T> {
  return rule({
    ...spec,
    check: async (io, input) => {
      await spec.check(io, input);
      await leaveJoinedSwarms(io);
    },
  });
}
