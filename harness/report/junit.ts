import type { Report, RuleResult, SuiteReport } from './model.ts';
import { escapeXml } from './xml-escape.ts';

/**
 * JUnit XML in the common (surefire) shape: one <testsuite> per suite, one <testcase> per rule
 * with name and classname; a failed rule has <failure message type> with the transcript, an
 * errored one <error>, a skipped one <skipped message>.
 */
export function toJunit(report: Report): string {
  const totals = report.suites.reduce(
    (t, s) => ({ tests: t.tests + s.summary.total, failures: t.failures + s.summary.fail, errors: t.errors + s.summary.error, skipped: t.skipped + s.summary.skip }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="rfcheck" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds(report.durationMs)}">`,
    ...report.suites.flatMap((suite) => testsuite(suite, report.startedAt)),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function testsuite(suite: SuiteReport, timestamp: string): string[] {
  const s = suite.summary;
  return [
    `  <testsuite name="${escapeXml(suite.suite)}" tests="${s.total}" failures="${s.fail}" errors="${s.error}" skipped="${s.skip}" time="${seconds(suite.durationMs)}" timestamp="${escapeXml(timestamp.replace(/Z$/, ''))}" hostname="localhost">`,
    '    <properties>',
    `      <property name="target" value="${escapeXml(suite.target)}"/>`,
    `      <property name="seed" value="${suite.seed}"/>`,
    '    </properties>',
    ...suite.rules.flatMap((rule) => testcase(suite.suite, rule)),
    ...(suite.targetLog ? [`    <system-err>${escapeXml(suite.targetLog)}</system-err>`] : []),
    '  </testsuite>',
  ];
}

function testcase(suite: string, rule: RuleResult): string[] {
  const open = `    <testcase name="${escapeXml(`${rule.id} [${rule.level}] ${rule.title}`)}" classname="${escapeXml(`rfcheck.${suite}.${rule.section}`)}" time="${seconds(rule.durationMs)}"`;
  const message = escapeXml(rule.message ?? '');
  switch (rule.status) {
    case 'pass':
      return [`${open}/>`];
    case 'skip':
      return [`${open}>`, `      <skipped message="${message}"/>`, '    </testcase>'];
    case 'error':
      return [`${open}>`, `      <error message="${message}" type="error">${message}</error>`, '    </testcase>'];
    case 'fail': {
      const ce = rule.counterexample;
      const body = ce
        ? [
            `${rule.rfc} §${rule.section} (${rule.level}): ${rule.title}`,
            ce.message,
            ...(ce.expected !== undefined ? [`expected: ${ce.expected}`, `actual: ${ce.actual ?? ''}`] : []),
            'steps:',
            ...ce.steps.map((step, i) => `  ${i + 1}. ${step}`),
            'transcript:',
            ce.transcript,
            `replay: ${ce.replay}`,
          ].join('\n')
        : (rule.message ?? '');
      return [`${open}>`, `      <failure message="${message}" type="${rule.level}">${escapeXml(body)}</failure>`, '    </testcase>'];
    }
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
