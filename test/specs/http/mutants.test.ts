import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

// Few runs per rule: each mutant runs the whole suite, and each planted bug shows on the
// first inputs; short reads keep the mutants that go silent cheap.
describeMutantMatrix('http', { runs: 2, readTimeoutMs: 1000 });
