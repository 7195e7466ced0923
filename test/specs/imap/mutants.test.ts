import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

// Three runs catch every planted bug; generous deadlines keep a loaded CI machine from
// turning slowness into failures (a timeout would break the set equality).
// Every server listens on an ephemeral port, so the mutants run side by side.
describeMutantMatrix('imap', { runs: 3, readTimeoutMs: 3000, ruleTimeoutMs: 60_000, concurrent: true });
