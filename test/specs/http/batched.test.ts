import { describeBatchedVerdicts } from '../../support/mutant-matrix.ts';

// The throughput mode the bench measures (--batch 32): the same verdicts as one request per run.
describeBatchedVerdicts('http', { runs: 64, batch: 32, readTimeoutMs: 1000 });
