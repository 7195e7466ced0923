import type { Report, RuleResult, Status, SuiteReport } from './model.ts';

/** Terminal output: one progress line per rule while running, then a summary and each failure. */

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string, text: string): string => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);
const statusLabel: Record<Status, string> = {
  pass: paint('32', 'PASS '),
  fail: paint('31', 'FAIL '),
  skip: paint('33', 'SKIP '),
  error: paint('35', 'ERROR'),
};

export function progressLine(result: RuleResult): string {
  const detail = result.status === 'pass' ? `${result.runs} runs` : (result.message ?? '').split('\n')[0];
  return `  ${statusLabel[result.status]} ${result.level.padEnd(6)} ${result.id}  (${detail}, ${result.durationMs} ms)`;
}

export function terminalSummary(report: Report): string {
  const lines: string[] = [''];
  lines.push('suite            target                         pass  fail  skip  error  MUST failed');
  for (const suite of report.suites) {
    const s = suite.summary;
    lines.push(
      `${suite.suite.padEnd(16)} ${suite.target.slice(0, 30).padEnd(30)} ${pad(s.pass)}  ${pad(s.fail)}  ${pad(s.skip)}  ${pad(s.error, 5)}  ${s.mustFailed}`,
    );
  }
  for (const suite of report.suites) lines.push(...failureDetails(suite));
  lines.push('', `seed ${report.suites[0]?.seed ?? '-'} · ${report.durationMs} ms`);
  return `${lines.join('\n')}\n`;
}

function pad(n: number, width = 4): string {
  return String(n).padStart(width);
}

/** One failed or undecided rule, explained: requirement, expected vs actual, steps, transcript, replay. */
export function formatFailure(rule: RuleResult): string[] {
  const lines = [`${statusLabel[rule.status]} ${rule.id} [${rule.level}, ${rule.rfc} §${rule.section}]`, `  ${rule.title}`, `  ${rule.message ?? ''}`];
  const ce = rule.counterexample;
  if (!ce) return lines;
  if (ce.expected !== undefined) lines.push(`  expected: ${ce.expected}`, `  actual:   ${ce.actual ?? ''}`);
  lines.push('  steps:', ...ce.steps.map((step, i) => `    ${i + 1}. ${step}`));
  lines.push('  transcript:', ...ce.transcript.split('\n').slice(0, 40).map((row) => `    ${row}`));
  if (ce.transcript.split('\n').length > 40) lines.push('    … (the full transcript is in the JSON report)');
  lines.push(`  replay: ${ce.replay}`);
  return lines;
}

function failureDetails(suite: SuiteReport): string[] {
  const lines: string[] = [];
  for (const rule of suite.rules.filter((r) => r.status === 'fail' || r.status === 'error')) lines.push('', ...formatFailure(rule));
  if (suite.targetLog && suite.rules.some((r) => r.status !== 'pass')) {
    lines.push('', `output of the ${suite.suite} target (tail):`, ...suite.targetLog.trimEnd().split('\n').slice(-15).map((l) => `  | ${l}`));
  }
  return lines;
}
