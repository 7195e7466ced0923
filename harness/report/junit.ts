import type { Report, RuleResult, SuiteReport } from './model.ts';
import { escapeXml } from './xml-escape.ts';

/**
 * JUnit XML whose every <testsuite> follows the Maven surefire report schema: properties first,
 * then one <testcase name classname time> per rule; a failed rule carries <failure message
 * type> with the counterexample, an errored one <error message type>, a skipped one <skipped
 * message>; a spawned target's output goes into <system-err> of the rules that did not pass.
 * A report with one suite is a single <testsuite> document (valid against the schema as it
 * stands); several suites are wrapped in <testsuites>, as CI systems expect, or written one file
 * per suite with `junitFiles`.
 */
export function toJunit(report: Report): string {
  if (report.suites.length === 1) return document(testsuite(report.suites[0] as SuiteReport, ''));
  const totals = report.suites.reduce(
    (t, s) => ({ tests: t.tests + s.summary.total, failures: t.failures + s.summary.fail, errors: t.errors + s.summary.error, skipped: t.skipped + s.summary.skip }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  return document([
    `<testsuites name="rfcheck" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds(report.durationMs)}">`,
    ...report.suites.flatMap((suite) => testsuite(suite, '  ')),
    '</testsuites>',
  ]);
}

/** One surefire-style file per suite, named TEST-<suite>.xml. */
export function junitFiles(report: Report): Map<string, string> {
  return new Map(report.suites.map((suite) => [`TEST-${suite.suite}.xml`, document(testsuite(suite, ''))]));
}

function document(lines: string[]): string {
  return `${['<?xml version="1.0" encoding="UTF-8"?>', ...lines].join('\n')}\n`;
}

function testsuite(suite: SuiteReport, indent: string): string[] {
  const s = suite.summary;
  return [
    `${indent}<testsuite name="${escapeXml(suite.suite)}" tests="${s.total}" failures="${s.fail}" errors="${s.error}" skipped="${s.skip}" time="${seconds(suite.durationMs)}">`,
    `${indent}  <properties>`,
    `${indent}    <property name="target" value="${escapeXml(suite.target)}"/>`,
    `${indent}    <property name="seed" value="${suite.seed}"/>`,
    `${indent}    <property name="runs" value="${suite.runs}"/>`,
    `${indent}  </properties>`,
    ...suite.rules.flatMap((rule) => testcase(suite, rule).map((line) => `${indent}  ${line}`)),
    `${indent}</testsuite>`,
  ];
}

function testcase(suite: SuiteReport, rule: RuleResult): string[] {
  const open = `<testcase name="${escapeXml(`${rule.id} [${rule.level}] ${rule.title}`)}" classname="${escapeXml(`rfcheck.${suite.suite}.${rule.section}`)}" time="${seconds(rule.durationMs)}"`;
  const message = escapeXml(rule.message ?? '');
  const targetLog = suite.targetLog ? [`  <system-err>${escapeXml(suite.targetLog)}</system-err>`] : [];
  switch (rule.status) {
    case 'pass':
      return [`${open}/>`];
    case 'skip':
      return [`${open}>`, `  <skipped message="${message}"/>`, '</testcase>'];
    case 'error':
      return [`${open}>`, `  <error message="${message}" type="undecided">${message}</error>`, ...targetLog, '</testcase>'];
    case 'fail':
      return [`${open}>`, `  <failure message="${message}" type="${rule.level}">${escapeXml(failureBody(rule))}</failure>`, ...targetLog, '</testcase>'];
  }
}

function failureBody(rule: RuleResult): string {
  const ce = rule.counterexample;
  if (!ce) return rule.message ?? '';
  return [
    `${rule.rfc} §${rule.section} (${rule.level}): ${rule.title}`,
    ce.message,
    ...(ce.expected !== undefined ? [`expected: ${ce.expected}`, `actual: ${ce.actual ?? ''}`] : []),
    'steps:',
    ...ce.steps.map((step, i) => `  ${i + 1}. ${step}`),
    'transcript:',
    ce.transcript,
    `replay: ${ce.replay}`,
  ].join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
