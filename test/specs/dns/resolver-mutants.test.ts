import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

describeMutantMatrix('dns-resolver', { runs: 3, readTimeoutMs: 2500, ruleTimeoutMs: 12_000 });
