import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

describeMutantMatrix('bittorrent-tracker', { runs: 25 });
