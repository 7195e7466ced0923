import { type Rubric, defaultRubric, maxPoints, pointsEarned } from '../grade/rubric.ts';
import type { Report, RuleResult } from './model.ts';

/**
 * Gradescope autograder results.json: one test per rule with score and max_score (by default
 * MUST 2 points, SHOULD 1, MAY 0; a rubric changes that), Markdown output showing the
 * counterexample and its replay command, visible to the student.
 */
export function toGradescope(report: Report, rubric: Rubric = defaultRubric): string {
  const tests = report.suites.flatMap((suite) =>
    suite.rules.map((rule) => {
      const max = maxPoints(rubric, rule);
      return {
        name: `${rule.id} [${rule.level}]`,
        number: `${suite.suite}:${rule.section}`,
        score: pointsEarned(rubric, rule),
        max_score: max,
        status: rule.status === 'pass' || rule.status === 'skip' ? 'passed' : 'failed',
        output: outputFor(rule),
        output_format: 'md',
        visibility: 'visible',
      };
    }),
  );
  const score = tests.reduce((sum, t) => sum + t.score, 0);
  const results = {
    score,
    execution_time: Math.round(report.durationMs / 1000),
    output: `rfcheck ${report.version}, seed ${report.suites[0]?.seed ?? '-'}`,
    output_format: 'md',
    visibility: 'visible',
    stdout_visibility: 'hidden',
    tests,
  };
  return `${JSON.stringify(results, null, 2)}\n`;
}

function outputFor(rule: RuleResult): string {
  const head = `**${rule.rfc} §${rule.section}** — ${rule.title}`;
  if (rule.status === 'pass') return `${head}\n\nPassed ${rule.runs} generated cases.`;
  if (rule.status === 'skip') return `${head}\n\nNot applicable: ${rule.message ?? ''}`;
  const ce = rule.counterexample;
  if (!ce) return `${head}\n\n${rule.status === 'error' ? 'Could not be decided' : 'Failed'}: ${rule.message ?? ''}`;
  return [
    head,
    '',
    `Failed: ${ce.message}`,
    ...(ce.expected !== undefined ? ['', `- expected: \`${ce.expected}\``, `- actual: \`${ce.actual ?? ''}\``] : []),
    '',
    'Steps:',
    ...ce.steps.map((step, i) => `${i + 1}. ${step}`),
    '',
    '```',
    ce.transcript,
    '```',
    '',
    `Replay: \`${ce.replay}\``,
  ].join('\n');
}
