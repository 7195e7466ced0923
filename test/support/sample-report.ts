import type { Report, RuleResult, SuiteReport } from '../../harness/report/model.ts';
import { summarize } from '../../harness/report/model.ts';

/** A report with one rule of every status, and hostile text in every field a writer prints. */
export function sampleReport(): Report {
  const nasty = 'a <b> & "c" \'d\' \x00\x07 ]]> | `e` \n next line';
  const rules: RuleResult[] = [
    { id: 's/1/passes', level: 'MUST', rfc: 'RFC 1', section: '1', title: 'passes', status: 'pass', runs: 100, durationMs: 12 },
    {
      id: 's/2/fails',
      level: 'MUST',
      rfc: 'RFC 1',
      section: '2',
      title: `fails ${nasty}`,
      status: 'fail',
      runs: 7,
      durationMs: 1234567,
      message: `expected 503, got 250 ${nasty}`,
      counterexample: {
        seed: 42,
        path: '3:1',
        steps: [`RCPT TO:<b@x> ${nasty}`],
        transcript: `C: RCPT TO:<b@x>\\r\\n\nS: 250 ok ${nasty}`,
        message: `expected 503, got 250 ${nasty}`,
        expected: '503',
        actual: '250',
        input: '"b@x"',
        replay: 'npx rfcheck replay r.json s/2/fails',
      },
    },
    { id: 's/3/skips', level: 'SHOULD', rfc: 'RFC 1', section: '3', title: 'skips', status: 'skip', runs: 0, durationMs: 1, message: `no capability ${nasty}` },
    { id: 's/4/errors', level: 'MAY', rfc: 'RFC 1', section: '4', title: 'errors', status: 'error', runs: 0, durationMs: 1, message: `unreachable ${nasty}` },
  ];
  const suite = (name: string): SuiteReport => ({
    suite: name,
    target: 'spawn: python3 x.py {port}',
    targetSpec: { kind: 'spawn', value: 'python3 x.py {port}' },
    seed: 42,
    runs: 100,
    strict: false,
    durationMs: 2000,
    summary: summarize(rules),
    rules,
    targetLog: `Traceback ${nasty}`,
  });
  return { tool: 'rfcheck', version: '0.1.0', startedAt: '2026-11-21T00:00:00.000Z', durationMs: 2100, suites: [suite('one'), suite('two')], perf: [] };
}
