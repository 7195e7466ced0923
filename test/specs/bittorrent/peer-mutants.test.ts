import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

// Short quiet periods (a share of the read timeout) keep the 19 servers × 18 rules near a minute and a half.
describeMutantMatrix('bittorrent-peer', { runs: 2, readTimeoutMs: 500 });
