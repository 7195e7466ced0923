import { describeBatchedVerdicts } from '../../support/mutant-matrix.ts';

// The throughput mode the bench measures (--batch 32): the same verdicts as one input per run.
describeBatchedVerdicts('dns-auth', { runs: 64, batch: 32, readTimeoutMs: 400 });
