import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../harness/core/catalogue.ts';
import type { Report } from '../../../harness/report/model.ts';

const bin = path.join(projectRoot, 'bin', 'rfcheck.js');
const roster = path.join(projectRoot, 'fixtures', 'grading', 'echo-class', 'roster.csv');
const out = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-class-'));
const classFlags = ['--start', 'python3 server.py {port}', '--seed', '20261121', '--runs', '10', '--read-timeout', '500', '--timeout', '5000', '--start-timeout', '3000', '--limit-time', '40', '--jobs', '2'];

function grade(...args: string[]) {
  return spawnSync('node', [bin, 'grade', roster, ...classFlags, ...args], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, NO_COLOR: '1' } });
}

interface Row {
  student: string;
  score: number;
  max: number;
  pass: number;
  fail: number;
  error: number;
  note: string;
}

function gradebook(dir: string): Map<string, Row> {
  const lines = readFileSync(path.join(dir, 'gradebook.csv'), 'utf8').trim().split('\n').slice(1);
  return new Map(
    lines.map((line) => {
      const [student = '', score, max, , pass, fail, , error, ...note] = line.split(',');
      return [student, { student, score: Number(score), max: Number(max), pass: Number(pass), fail: Number(fail), error: Number(error), note: note.join(',') }];
    }),
  );
}

function failing(dir: string, student: string): string[] {
  const report = JSON.parse(readFileSync(path.join(dir, student, 'report.json'), 'utf8')) as Report;
  return report.suites.flatMap((s) => s.rules.filter((r) => r.status === 'fail').map((r) => r.id.split('/').pop() ?? ''));
}

/** Processes still running in a grading sandbox (their working directory is a private grade dir). */
function sandboxLeftovers(): string[] {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((pid) => {
      try {
        return readlinkSync(`/proc/${pid}/cwd`).includes('rfcheck-grade-');
      } catch {
        return false;
      }
    });
}

let rows: Map<string, Row>;
let status: number | null;
beforeAll(() => {
  const run = grade('--out', out, '--quiet');
  status = run.status;
  if (run.status !== 0) throw new Error(run.stderr);
  rows = gradebook(out);
}, 300_000);

describe('grading the fixture class (23 submissions)', () => {
  it('finishes with exit 0 and a gradebook row per student', () => {
    expect(status).toBe(0);
    expect(rows.size).toBe(23);
  });

  it.each(['udp-correct-a', 'udp-correct-b', 'tcp-correct-iterative', 'tcp-correct-threaded', 'tcp-forks-children', 'tcp-prints-endlessly', 'spawned-correct'])(
    '%s earns every point',
    (student) => expect(rows.get(student)).toMatchObject({ fail: 0, error: 0, score: rows.get(student)?.max }),
  );

  it.each([
    ['udp-str-upper', ['other-bytes-unchanged']],
    ['udp-small-buffer', ['datagram-up-to-2048-bytes']],
    ['udp-ignores-empty', ['empty-datagram-answered']],
    ['udp-replies-twice', ['one-reply-per-datagram']],
    ['udp-new-reply-socket', ['reply-from-server-port']],
    ['tcp-capitalize-bug', ['uppercase-ascii-letters', 'other-bytes-unchanged', 'whole-1024-byte-message']],
    ['tcp-empty-line-bug', ['empty-line-answered']],
    ['tcp-shared-buffer', ['survives-vanished-client']],
  ])('%s fails exactly the rules about its bug', (student, rules) => {
    expect(failing(out, student).sort()).toEqual([...rules].sort());
  });

  it.each([
    ['udp-crash-at-start', /exited with status 1 before listening.*NameError/],
    ['udp-wrong-port', /did not listen \(udp\) on 127\.0\.0\.1:\d+ within 3000 ms/],
    ['tcp-never-listens', /did not listen \(tcp\)/],
    ['tcp-memory-hog', /exited with status 1 before listening.*MemoryError/],
  ])('%s scores 0 with the reason in the gradebook', (student, note) => {
    const row = rows.get(student);
    expect(row?.score).toBe(0);
    expect(row?.note).toMatch(note);
  });

  it('a server that accepts and never answers fails every rule at the read deadline', () => {
    expect(rows.get('tcp-hangs')).toMatchObject({ score: 0, pass: 0, fail: 7 });
  });

  it('a server that dies mid-run gets no credit after it died, and the report says it exited', () => {
    const report = readFileSync(path.join(out, 'tcp-exits-after-five', 'report.json'), 'utf8');
    expect(rows.get('tcp-exits-after-five')?.pass).toBe(0);
    expect(report).toContain('the target exited with status 0');
  });

  it('a server leaking threads is stopped by the process limit and judged on what it did', () => {
    expect(failing(out, 'tcp-never-closes')).toContain('close-after-reply');
  });

  it('leaves no sandboxed process behind', () => {
    expect(sandboxLeftovers()).toEqual([]);
  });

  it('writes Gradescope results and the class overview linking each student', () => {
    const results = JSON.parse(readFileSync(path.join(out, 'udp-str-upper', 'results.json'), 'utf8')) as { tests: { score: number; output: string }[] };
    expect(results.tests.find((t) => t.score === 0)?.output).toContain(`npx rfcheck grade`);
    const overview = readFileSync(path.join(out, 'class.html'), 'utf8');
    for (const student of rows.keys()) expect(overview).toContain(`href="${student}/report.html"`);
  });

  it('rerunning one student with the class seed reproduces their verdicts', () => {
    const again = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-again-'));
    expect(grade('--out', again, '--quiet', '--only', 'udp-str-upper').status).toBe(0);
    const verdicts = (dir: string) =>
      (JSON.parse(readFileSync(path.join(dir, 'udp-str-upper', 'report.json'), 'utf8')) as Report).suites[0]?.rules.map((r) => [r.id, r.status, r.counterexample?.input]);
    expect(verdicts(again)).toEqual(verdicts(out));
  });
});

describe('grade rejects bad input with one line and exit 2', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'rfcheck-badroster-'));
  const run = (...args: string[]) => spawnSync('node', [bin, 'grade', ...args], { cwd: work, encoding: 'utf8', timeout: 60_000 });
  it.each([
    [['missing.csv'], /cannot read the roster missing\.csv/],
    [[roster], /dir: targets need --start/],
    [[roster, '--start', 'python3 server.py'], /--start must contain \{port\}/],
    [[roster, '--start', 'x {port}', '--only', 'nobody-here'], /--only nobody-here: no such student/],
    [[roster, '--start', 'x {port}', '--rubric', roster], /is not JSON/],
  ])('grade %j', (args, pattern) => {
    const r = run(...(args as string[]));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });
});
