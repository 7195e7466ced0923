import type { SuiteReport } from './model.ts';

/**
 * The exit status contract: 0 when no MUST rule failed (with strict, no SHOULD rule either);
 * 1 when one did; 2 when the harness could not decide a MUST rule (error verdicts) and none
 * failed. Usage errors and unreachable targets exit 2 before any report exists.
 */
export function exitCodeFor(suites: SuiteReport[], strict: boolean): 0 | 1 | 2 {
  let undecided = false;
  for (const suite of suites) {
    for (const rule of suite.rules) {
      const counts = rule.level === 'MUST' || (strict && rule.level === 'SHOULD');
      if (!counts) continue;
      if (rule.status === 'fail') return 1;
      if (rule.status === 'error') undecided = true;
    }
  }
  return undecided ? 2 : 0;
}
