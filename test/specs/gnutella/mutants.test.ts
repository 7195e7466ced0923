import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

// Quiet periods are a share of the read timeout; 500 ms keeps 15 servers × 14 rules near a minute.
describeMutantMatrix('gnutella', { runs: 3, readTimeoutMs: 500 });
