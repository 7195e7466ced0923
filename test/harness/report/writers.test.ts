import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../../harness/report/exit-code.ts';
import { toGradescope } from '../../../harness/report/gradescope.ts';
import { toHtml } from '../../../harness/report/html.ts';
import { parseReport, toJson } from '../../../harness/report/json.ts';
import { toMarkdown } from '../../../harness/report/markdown.ts';
import type { RuleResult, SuiteReport } from '../../../harness/report/model.ts';
import { UsageError } from '../../../harness/core/errors.ts';
import { sampleReport } from '../../support/sample-report.ts';

describe('JSON report', () => {
  it('has the contract fields and reads back', () => {
    const text = toJson(sampleReport());
    const back = parseReport(text, 'r.json');
    expect(back.tool).toBe('rfcheck');
    const suite = back.suites[0];
    expect(Object.keys(suite ?? {})).toEqual(expect.arrayContaining(['suite', 'target', 'seed', 'durationMs', 'summary', 'rules']));
    expect(Object.keys(suite?.summary ?? {})).toEqual(expect.arrayContaining(['total', 'pass', 'fail', 'skip', 'error', 'mustFailed']));
    const failed = suite?.rules.find((r) => r.status === 'fail');
    expect(Object.keys(failed?.counterexample ?? {})).toEqual(expect.arrayContaining(['seed', 'path', 'steps', 'transcript', 'message']));
    expect(Array.isArray(back.perf)).toBe(true);
  });

  it.each([
    ['not json', '{'],
    ['another tool', '{"tool":"x","suites":[]}'],
    ['a malformed suite', '{"tool":"rfcheck","suites":[{"suite":1}]}'],
  ])('refuses %s with a UsageError', (_what, text) => {
    expect(() => parseReport(text, 'r.json')).toThrow(UsageError);
  });
});

describe('Markdown and HTML', () => {
  it('escape everything the target controls', () => {
    const html = toHtml(sampleReport());
    expect(html).not.toMatch(/<b>/);
    expect(html).toContain('&lt;b&gt;');
    expect(html).not.toMatch(/<script|<link|src=/);
    const md = toMarkdown(sampleReport());
    expect(md).toContain('| one |');
    expect(md).toContain('&lt;b&gt;');
    expect(md).toContain('Replay: `npx rfcheck replay r.json s/2/fails`');
  });
});

describe('Gradescope results', () => {
  it('scores MUST 2, SHOULD 1, MAY 0 and shows the counterexample', () => {
    const results = JSON.parse(toGradescope(sampleReport())) as { score: number; tests: { name: string; score: number; max_score: number; output: string; visibility: string }[] };
    expect(results.tests).toHaveLength(8);
    const fail = results.tests.find((t) => t.name.startsWith('s/2/fails'));
    expect(fail).toMatchObject({ score: 0, max_score: 2, visibility: 'visible' });
    expect(fail?.output).toContain('Replay: `npx rfcheck replay r.json s/2/fails`');
    expect(results.score).toBe(2 * (2 + 1 + 0));
  });
});

describe('exit status', () => {
  const suiteWith = (...rules: Pick<RuleResult, 'level' | 'status'>[]): SuiteReport[] => [
    { ...(sampleReport().suites[0] as SuiteReport), rules: rules.map((r, i) => ({ id: `s/1/r${i}`, rfc: '', section: '1', title: '', runs: 1, durationMs: 1, ...r })) },
  ];
  it('is 0 when no MUST failed', () => expect(exitCodeFor(suiteWith({ level: 'MUST', status: 'pass' }, { level: 'SHOULD', status: 'fail' }), false)).toBe(0));
  it('is 1 when a MUST failed', () => expect(exitCodeFor(suiteWith({ level: 'MUST', status: 'fail' }, { level: 'MUST', status: 'error' }), false)).toBe(1));
  it('is 1 for a failed SHOULD with --strict', () => expect(exitCodeFor(suiteWith({ level: 'SHOULD', status: 'fail' }), true)).toBe(1));
  it('is 2 when a MUST could not be decided and none failed', () => expect(exitCodeFor(suiteWith({ level: 'MUST', status: 'error' }), false)).toBe(2));
  it('ignores MAY rules', () => expect(exitCodeFor(suiteWith({ level: 'MAY', status: 'fail' }), true)).toBe(0));
});
