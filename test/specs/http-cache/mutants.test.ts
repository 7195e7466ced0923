import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

// Few runs: every mutant runs the whole suite, two of whose rules wait for real time to pass.
describeMutantMatrix('http-cache', { runs: 4 });
