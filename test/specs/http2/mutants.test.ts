import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

// 62 planted-bug servers × 95 rules: two runs per rule keep the matrix within a few minutes;
// a one-second read deadline leaves room for a loaded machine.
describeMutantMatrix('http2', { runs: 2, readTimeoutMs: 1000 });
