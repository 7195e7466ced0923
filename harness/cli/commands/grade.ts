import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { loadSuites } from '../../core/catalogue.ts';
import { type StudentGrade, classOverviewHtml, gradeOf, gradebookCsv } from '../../grade/gradebook.ts';
import { type ClassSettings, gradeStudent } from '../../grade/grade-student.ts';
import { GradingProgress } from '../../grade/progress.ts';
import { parseRoster } from '../../grade/roster.ts';
import { type Rubric, defaultRubric, parseRubric } from '../../grade/rubric.ts';
import { toGradescope } from '../../report/gradescope.ts';
import { toHtml } from '../../report/html.ts';
import { toJson } from '../../report/json.ts';
import type { Report } from '../../report/model.ts';
import { defaultSandboxLimits } from '../../targets/sandbox.ts';
import { integerFlag, parseFlags, runningFlags, targetDataFlags } from '../flags.ts';
import { limitsFrom, numbersFrom, suiteOptionsFrom } from '../run-settings.ts';
import { version } from './run.ts';

/**
 * `rfcheck grade roster.csv [options]`: grades every student of a roster with one seed, several
 * at once, each server sandboxed; writes per-student reports (JSON, HTML, Gradescope
 * results.json), gradebook.csv and class.html. Exit 0 once the class is graded, whatever the
 * grades; 2 for a bad roster, rubric or flags.
 */
export async function gradeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    ...runningFlags,
    ...targetDataFlags,
    start: { type: 'string' },
    jobs: { type: 'string' },
    out: { type: 'string' },
    rubric: { type: 'string' },
    only: { type: 'string', multiple: true },
    'limit-cpu': { type: 'string' },
    'limit-mem': { type: 'string' },
    'limit-files': { type: 'string' },
    'limit-procs': { type: 'string' },
    'limit-output': { type: 'string' },
    'limit-time': { type: 'string' },
  });
  const [rosterFile] = positionals;
  if (!rosterFile || positionals.length !== 1) throw new UsageError('grade takes one roster file: rfcheck grade roster.csv');
  const roster = parseRoster(await readText(rosterFile, 'roster'), rosterFile);
  const rubric: Rubric = values.rubric ? parseRubric(await readText(values.rubric, 'rubric'), values.rubric) : defaultRubric;
  const suites = await loadSuites();
  for (const entry of roster) {
    for (const name of entry.suites) {
      if (!suites.some((s) => s.name === name)) throw new UsageError(`${rosterFile}:${entry.line}: unknown suite '${name}'`);
    }
    if (entry.target.kind === 'dir' && values.start === undefined) throw new UsageError(`${rosterFile}:${entry.line}: dir: targets need --start "CMD {port}"`);
  }
  if (values.start !== undefined && !values.start.includes('{port}')) throw new UsageError('--start must contain {port}');
  const only = values.only ?? [];
  for (const id of only) if (!roster.some((e) => e.student === id)) throw new UsageError(`--only ${id}: no such student in ${rosterFile}`);
  const selected = only.length > 0 ? roster.filter((e) => only.includes(e.student)) : roster;

  const numbers = numbersFrom(values);
  const seedGiven = values.seed !== undefined;
  const jobs = integerFlag(values.jobs, 'jobs', Math.max(1, os.availableParallelism()), 1, 64);
  const outDir = values.out ?? path.join('reports', 'grades');
  const rosterArg = path.relative(process.cwd(), path.resolve(rosterFile)) || rosterFile;
  const settings: ClassSettings = {
    suites,
    seed: numbers.seed,
    runs: numbers.runs,
    ruleTimeoutMs: numbers.ruleTimeoutMs,
    startTimeoutMs: numbers.startTimeoutMs,
    limits: limitsFrom(values),
    options: suiteOptionsFrom(values),
    sandbox: {
      cpuSeconds: integerFlag(values['limit-cpu'], 'limit-cpu', defaultSandboxLimits.cpuSeconds, 1, 86_400),
      memoryMb: integerFlag(values['limit-mem'], 'limit-mem', defaultSandboxLimits.memoryMb, 16, 65_536),
      openFiles: integerFlag(values['limit-files'], 'limit-files', defaultSandboxLimits.openFiles, 16, 65_536),
      processes: integerFlag(values['limit-procs'], 'limit-procs', defaultSandboxLimits.processes, 1, 4096),
      outputKb: integerFlag(values['limit-output'], 'limit-output', defaultSandboxLimits.outputKb, 1, 65_536),
    },
    studentTimeMs: integerFlag(values['limit-time'], 'limit-time', 300, 1, 86_400) * 1000,
    startCommand: values.start,
    rosterDir: path.dirname(path.resolve(rosterFile)),
    replayCommand: (student) => `npx rfcheck grade ${rosterArg} --only ${student} --seed ${numbers.seed}`,
  };

  if (!values.quiet) {
    process.stderr.write(`grading ${selected.length} student(s), ${jobs} at a time, seed ${settings.seed}${seedGiven ? '' : ' (pass --seed to fix it)'}\n`);
  }
  const progress = values.quiet ? undefined : new GradingProgress(selected.length);
  const grades: StudentGrade[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < selected.length) {
      const entry = selected[next++];
      if (!entry) return;
      const startedAt = new Date().toISOString();
      const started = Date.now();
      const reports = await gradeStudent(entry, settings);
      const report: Report = { tool: 'rfcheck', version, startedAt, durationMs: Date.now() - started, suites: reports, perf: [] };
      const grade = gradeOf(entry.student, reports, rubric);
      grades.push(grade);
      await writeStudent(outDir, entry.student, report, rubric);
      progress?.finished(entry.student, `${grade.score}/${grade.max}${grade.note ? ` (${grade.note.split('\n')[0]})` : ''}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, selected.length) }, worker));

  grades.sort((a, b) => selected.findIndex((e) => e.student === a.student) - selected.findIndex((e) => e.student === b.student));
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'gradebook.csv'), gradebookCsv(grades));
  await writeFile(path.join(outDir, 'class.html'), classOverviewHtml(grades, settings.seed));
  process.stdout.write(`${gradebookCsv(grades)}\nreports in ${outDir}/ (gradebook.csv, class.html, <student>/)\n`);
  return 0;
}

async function writeStudent(outDir: string, student: string, report: Report, rubric: Rubric): Promise<void> {
  const dir = path.join(outDir, student);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'report.json'), toJson(report));
  await writeFile(path.join(dir, 'report.html'), toHtml(report));
  await writeFile(path.join(dir, 'results.json'), toGradescope(report, rubric));
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
