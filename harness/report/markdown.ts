import type { Report, RuleResult } from './model.ts';
import { escapeXml as escapeHtml } from './xml-escape.ts';

/** Markdown that fits a CI job summary: a table per suite, then each failure in a <details>. */
export function toMarkdown(report: Report): string {
  const out: string[] = ['# rfcheck report', ''];
  out.push('| suite | target | pass | fail | skip | error | MUST failed |', '|---|---|---:|---:|---:|---:|---:|');
  for (const suite of report.suites) {
    const s = suite.summary;
    out.push(`| ${suite.suite} | \`${cell(suite.target)}\` | ${s.pass} | ${s.fail} | ${s.skip} | ${s.error} | ${s.mustFailed} |`);
  }
  out.push('', `seed ${report.suites[0]?.seed ?? '-'} · ${report.durationMs} ms · rfcheck ${report.version}`);
  for (const suite of report.suites) {
    const notPassing = suite.rules.filter((r) => r.status === 'fail' || r.status === 'error');
    if (notPassing.length === 0) continue;
    out.push('', `## ${suite.suite}`, '');
    for (const rule of notPassing) out.push(...ruleDetails(rule));
  }
  if (report.perf.length > 0) {
    out.push('', '## Performance against the model', '', '| scenario | measured | model | ratio |', '|---|---:|---:|---:|');
    for (const p of report.perf) out.push(`| ${p.scenario} | ${p.measured} ${p.unit} | ${p.model} ${p.unit} | ${p.ratio.toFixed(3)} |`);
  }
  return `${out.join('\n')}\n`;
}

function ruleDetails(rule: RuleResult): string[] {
  const ce = rule.counterexample;
  const lines = [
    `<details><summary><b>${rule.status.toUpperCase()}</b> <code>${rule.id}</code> (${rule.level}, ${rule.rfc} §${rule.section}): ${escapeHtml(rule.title)}</summary>`,
    '',
    `${escapeHtml(rule.message ?? '')}`,
    '',
  ];
  if (ce) {
    if (ce.expected !== undefined) lines.push(`- expected: \`${cell(ce.expected)}\``, `- actual: \`${cell(ce.actual ?? '')}\``);
    lines.push('', 'Steps:', '', ...ce.steps.map((s, i) => `${i + 1}. ${cell(s)}`), '', '```text', ce.transcript.replaceAll('```', '`\u200b``'), '```', '');
    lines.push(`Replay: \`${ce.replay}\``, '');
  }
  lines.push('</details>', '');
  return lines;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ').replaceAll('`', "'");
}

