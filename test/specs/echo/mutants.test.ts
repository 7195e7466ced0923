import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

describeMutantMatrix('echo-tcp');
describeMutantMatrix('echo-udp');
