import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

describeMutantMatrix('dns-auth', { runs: 20, readTimeoutMs: 400 });
