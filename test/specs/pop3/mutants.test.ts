import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

// Generous deadlines keep a loaded CI machine from turning slowness into failures (a timeout
// would break the set equality).
// Every server listens on an ephemeral port with its own store, so the mutants run side by side.
describeMutantMatrix('pop3', { runs: 20, readTimeoutMs: 2000, ruleTimeoutMs: 60_000, concurrent: true });
