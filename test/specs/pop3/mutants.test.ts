import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

describeMutantMatrix('pop3', { runs: 20, readTimeoutMs: 500 });
