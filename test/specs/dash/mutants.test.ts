import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

// Few runs per rule: each mutant runs the whole suite and each planted bug shows on its first
// inputs. Every dash server and CDN listens on ephemeral ports (the CDN draws another port when
// its number is taken on a node address), so the mutants run side by side.
describeMutantMatrix('dash', { runs: 6, concurrent: true, ruleTimeoutMs: 60_000 });
describeMutantMatrix('dash-cdn', { runs: 10, concurrent: true, ruleTimeoutMs: 60_000 });
