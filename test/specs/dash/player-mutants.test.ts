import { describeMutantMatrix } from '../../support/mutant-matrix.ts';

// One mutant at a time: the adaptation rules compare the player's rate choices with the
// throughput the harness measured, and players sharing this process's event loop would skew
// each other's measurements. Each run plays three sessions of a few seconds, shared by every rule.
describeMutantMatrix('dash-player', { ruleTimeoutMs: 60_000 });
