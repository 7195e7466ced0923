import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

// 55 planted-bug servers × 59 rules: three runs per rule keep the matrix within its time budget;
// the reference is also run with more runs in test/reference/ftp/reference-suite.test.ts.
describeMutantMatrix('ftp', { runs: 3 });
