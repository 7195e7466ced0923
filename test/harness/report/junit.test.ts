import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { junitFiles, toJunit } from '../../../harness/report/junit.ts';
import { sampleReport } from '../../support/sample-report.ts';

const schema = path.join(import.meta.dirname, '..', '..', 'support', 'surefire-report.xsd');
const dir = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-junit-'));

/** Validates with xmllint (Debian libxml2-utils); returns its complaint or ''. */
function validate(xml: string, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, xml);
  try {
    execFileSync('xmllint', ['--noout', '--schema', schema, file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

describe('JUnit writer', () => {
  it('writes one schema-valid file per suite, with every status and hostile text', () => {
    const files = junitFiles(sampleReport());
    expect([...files.keys()]).toEqual(['TEST-one.xml', 'TEST-two.xml']);
    for (const [name, xml] of files) expect(validate(xml, name)).toBe('');
  });

  it('writes a schema-valid single <testsuite> document for a one-suite run', () => {
    const report = sampleReport();
    report.suites = report.suites.slice(0, 1);
    expect(validate(toJunit(report), 'single.xml')).toBe('');
  });

  it('wraps several suites in a well-formed <testsuites> whose children follow the schema', () => {
    const xml = toJunit(sampleReport());
    execFileSync('xmllint', ['--noout', '-'], { input: xml });
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
    expect(xml).toMatch(/<testsuites name="rfcheck" tests="8" failures="2" errors="2" skipped="2"/);
  });

  it('names every testcase and gives it a classname; failures carry the transcript and replay', () => {
    const xml = toJunit(sampleReport());
    const cases = xml.match(/<testcase [^>]*>/g) ?? [];
    expect(cases).toHaveLength(8);
    for (const c of cases) expect(c).toMatch(/ name="[^"]+" classname="rfcheck\.[a-z]+\.\d" time="\d+\.\d{3}"/);
    expect(xml).toContain('<failure message="expected 503, got 250');
    expect(xml).toContain('replay: npx rfcheck replay r.json s/2/fails');
    expect(xml).not.toContain('\x00');
  });
});
