import type { SuiteReport } from '../report/model.ts';
import { escapeXml as escape } from '../report/xml-escape.ts';
import { type Rubric, maxPoints, pointsEarned } from './rubric.ts';

/** One student's line in the gradebook. */
export interface StudentGrade {
  student: string;
  score: number;
  max: number;
  pass: number;
  fail: number;
  skip: number;
  error: number;
  /** Why a student's server could not be judged (never started, time limit), if so. */
  note: string;
  suites: SuiteReport[];
}

export function gradeOf(student: string, suites: SuiteReport[], rubric: Rubric): StudentGrade {
  const rules = suites.flatMap((s) => s.rules);
  const count = (status: string): number => rules.filter((r) => r.status === status).length;
  const undecided = rules.filter((r) => r.status === 'error' && r.runs === 0).map((r) => r.message ?? '');
  return {
    student,
    score: rules.reduce((sum, r) => sum + pointsEarned(rubric, r), 0),
    max: rules.reduce((sum, r) => sum + maxPoints(rubric, r), 0),
    pass: count('pass'),
    fail: count('fail'),
    skip: count('skip'),
    error: count('error'),
    note: undecided.length === rules.length && undecided.length > 0 ? (undecided[0] ?? '') : '',
    suites,
  };
}

export function gradebookCsv(grades: StudentGrade[]): string {
  const quote = (text: string): string => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const rows = grades.map((g) =>
    [g.student, g.score, g.max, g.max > 0 ? ((100 * g.score) / g.max).toFixed(1) : '0.0', g.pass, g.fail, g.skip, g.error, quote(g.note.split('\n')[0] ?? '')].join(','),
  );
  return `${['student,score,max,percent,pass,fail,skip,error,note', ...rows].join('\n')}\n`;
}

/** The class overview: each student's row linking to their report, and rules by pass rate. */
export function classOverviewHtml(grades: StudentGrade[], seed: number): string {
  const perRule = new Map<string, { level: string; title: string; pass: number; total: number }>();
  for (const grade of grades) {
    for (const rule of grade.suites.flatMap((s) => s.rules)) {
      const entry = perRule.get(rule.id) ?? { level: rule.level, title: rule.title, pass: 0, total: 0 };
      entry.total += 1;
      if (rule.status === 'pass' || rule.status === 'skip') entry.pass += 1;
      perRule.set(rule.id, entry);
    }
  }
  const ruleRows = [...perRule.entries()]
    .sort((a, b) => a[1].pass / a[1].total - b[1].pass / b[1].total || a[0].localeCompare(b[0]))
    .map(([id, r]) => {
      const rate = (100 * r.pass) / r.total;
      return `<tr><td><code>${escape(id)}</code><br>${escape(r.title)}</td><td>${r.level}</td><td class="n">${r.pass}/${r.total}</td><td><div class="bar"><div style="width:${rate.toFixed(0)}%"></div></div> ${rate.toFixed(0)} %</td></tr>`;
    })
    .join('\n');
  const studentRows = grades
    .map(
      (g) =>
        `<tr><td><a href="${encodeURIComponent(g.student)}/report.html">${escape(g.student)}</a></td><td class="n">${g.score}/${g.max}</td><td class="n">${g.pass}</td><td class="n">${g.fail}</td><td class="n">${g.skip}</td><td class="n">${g.error}</td><td>${escape(g.note)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rfcheck class overview</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; }
table { border-collapse: collapse; margin: 1em 0; } th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
td.n { text-align: right; } .bar { display: inline-block; width: 8em; height: .8em; background: #eee; } .bar div { height: 100%; background: #1a7f37; }
</style></head><body>
<h1>Class overview</h1>
<p>${grades.length} students · seed ${seed} (rerun one student with <code>--only ID --seed ${seed}</code>)</p>
<h2>Rules, most failed first</h2>
<table><tr><th>rule</th><th>level</th><th>passed</th><th>pass rate</th></tr>
${ruleRows}
</table>
<h2>Students</h2>
<table><tr><th>student</th><th>score</th><th>pass</th><th>fail</th><th>skip</th><th>error</th><th>note</th></tr>
${studentRows}
</table>
</body></html>
`;
}
