import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

describeMutantMatrix('smtp', { runs: 5, readTimeoutMs: 1000 });
