/**
 * The planted bugs a reference player can be started with (fixtures/dash/player/mutants). Each
 * breaks one behaviour the dash-player suite checks; the reference runs with none.
 */
export type PlayerFault =
  | 'no-init-segment'
  | 'skips-a-segment'
  | 'repeats-segment'
  | 'ignores-number-width'
  | 'no-host-header'
  | 'new-connection-per-request'
  | 'optimistic-rung'
  | 'always-highest-rate'
  | 'late-switch-down'
  | 'never-switches-up'
  | 'stalls-on-purpose'
  | 'requests-past-end'
  | 'done-before-last-segment'
  | 'reports-phantom-stalls'
  | 'silent-on-unreachable-mpd';

/** Which media segment (0-based position) the skip and repeat faults act on. */
export const faultySegmentIndex = 4;
