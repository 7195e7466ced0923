import type { PerfRecord, Report, RuleResult, SuiteReport } from './model.ts';
import { escapeXml as escape } from './xml-escape.ts';

/** One self-contained HTML file: no scripts or styles fetched from anywhere. */
export function toHtml(report: Report): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>rfcheck report</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
td.n { text-align: right; }
.pass { color: #1a7f37; } .fail { color: #cf222e; font-weight: bold; } .skip { color: #9a6700; } .error { color: #8250df; font-weight: bold; }
pre { background: #f6f8fa; padding: .6em; overflow-x: auto; max-height: 30em; }
details { margin: .4em 0; } summary { cursor: pointer; }
code { font-size: 90%; }
</style>
</head>
<body>
<h1>rfcheck report</h1>
<p>rfcheck ${escape(report.version)} · started ${escape(report.startedAt)} · ${report.durationMs} ms</p>
<table>
<tr><th>suite</th><th>target</th><th>seed</th><th>pass</th><th>fail</th><th>skip</th><th>error</th><th>MUST failed</th></tr>
${report.suites.map(summaryRow).join('\n')}
</table>
${report.suites.map(suiteSection).join('\n')}
${report.perf.length > 0 ? perfSection(report.perf) : ''}
</body>
</html>
`;
}

function summaryRow(suite: SuiteReport): string {
  const s = suite.summary;
  return `<tr><td><a href="#suite-${escape(suite.suite)}">${escape(suite.suite)}</a></td><td><code>${escape(suite.target)}</code></td><td class="n">${suite.seed}</td><td class="n">${s.pass}</td><td class="n">${s.fail}</td><td class="n">${s.skip}</td><td class="n">${s.error}</td><td class="n">${s.mustFailed}</td></tr>`;
}

function suiteSection(suite: SuiteReport): string {
  const rows = suite.rules.map(ruleRow).join('\n');
  const log = suite.targetLog ? `<details><summary>target output (tail)</summary><pre>${escape(suite.targetLog)}</pre></details>` : '';
  return `<h2 id="suite-${escape(suite.suite)}">${escape(suite.suite)}</h2>
<table>
<tr><th>status</th><th>level</th><th>rule</th><th>cites</th><th>runs</th><th>ms</th></tr>
${rows}
</table>
${log}`;
}

function ruleRow(rule: RuleResult): string {
  const ce = rule.counterexample;
  const detail = ce
    ? `<details><summary>${escape(ce.message)}</summary>
${ce.expected !== undefined ? `<p>expected <code>${escape(ce.expected)}</code>, actual <code>${escape(ce.actual ?? '')}</code></p>` : ''}
<ol>${ce.steps.map((s) => `<li>${escape(s)}</li>`).join('')}</ol>
<pre>${escape(ce.transcript)}</pre>
<p>replay: <code>${escape(ce.replay)}</code></p></details>`
    : rule.message
      ? `<div>${escape(rule.message)}</div>`
      : '';
  return `<tr><td class="${rule.status}">${rule.status}</td><td>${rule.level}</td><td><code>${escape(rule.id)}</code><br>${escape(rule.title)}${detail}</td><td>${escape(rule.rfc)} §${escape(rule.section)}</td><td class="n">${rule.runs}</td><td class="n">${rule.durationMs}</td></tr>`;
}

function perfSection(records: PerfRecord[]): string {
  const max = Math.max(...records.flatMap((r) => [r.measured, r.model]), 1e-9);
  const rows = records
    .map(
      (r) => `<tr><td>${escape(r.scenario)}</td><td><code>${escape(JSON.stringify(r.params))}</code></td><td class="n">${r.measured} ${escape(r.unit)}</td><td class="n">${r.model} ${escape(r.unit)}</td><td class="n">${r.ratio.toFixed(3)}</td>
<td><svg width="200" height="24" role="img" aria-label="measured vs model"><rect x="0" y="2" height="9" width="${(200 * r.measured) / max}" fill="#0969da"/><rect x="0" y="13" height="9" width="${(200 * r.model) / max}" fill="#8c959f"/></svg></td></tr>`,
    )
    .join('\n');
  return `<h2>Performance against the model</h2>
<p>blue: measured · grey: model</p>
<table>
<tr><th>scenario</th><th>parameters</th><th>measured</th><th>model</th><th>ratio</th><th></th></tr>
${rows}
</table>`;
}
