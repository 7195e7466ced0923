import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TargetUnreachable, UsageError, errorMessage } from '../core/errors.ts';
import type { SuiteOptions } from '../core/rule.ts';
import type { Suite } from '../core/suite.ts';
import type { RuleResult, SuiteReport } from '../report/model.ts';
import { summarize } from '../report/model.ts';
import { runSuite } from '../runner/run-suite.ts';
import { type SandboxLimits, prepareSandbox } from '../targets/sandbox.ts';
import { type TargetSpec, describeTarget, parseEndpoint, targetLabel } from '../targets/target-spec.ts';
import type { WireLimits } from '../wire/limits.ts';
import type { RosterEntry } from './roster.ts';

export interface ClassSettings {
  suites: Suite[];
  seed: number;
  runs: number;
  ruleTimeoutMs: number;
  startTimeoutMs: number;
  limits: WireLimits;
  options: SuiteOptions;
  sandbox: SandboxLimits;
  /** Wall-clock limit for one student, all suites included. */
  studentTimeMs: number;
  /** The class's start command for `dir:` targets, run inside the student's folder. */
  startCommand?: string;
  /** Where `dir:` paths are relative to (the roster's folder). */
  rosterDir: string;
  replayCommand: (student: string) => string;
}

/**
 * Grades one student: each suite against the student's server, started fresh per suite in its
 * sandbox, within the student's time limit. A server that never starts gets every rule as an
 * error carrying the reason, so the student sees why they scored nothing.
 */
export async function gradeStudent(entry: RosterEntry, settings: ClassSettings): Promise<SuiteReport[]> {
  const privateDir = await mkdtemp(path.join(os.tmpdir(), `rfcheck-grade-${entry.student}-`));
  const timer = new AbortController();
  const deadline = setTimeout(() => timer.abort(`the student's ${settings.studentTimeMs} ms grading time limit was reached`), settings.studentTimeMs);
  try {
    const target = await targetFor(entry, settings, privateDir);
    const reports: SuiteReport[] = [];
    for (const name of entry.suites) {
      const suite = settings.suites.find((s) => s.name === name);
      if (!suite) throw new UsageError(`roster line ${entry.line}: unknown suite '${name}'`);
      reports.push(await gradeSuite(suite, target, settings, timer.signal, entry.student));
    }
    return reports;
  } finally {
    clearTimeout(deadline);
    await rm(privateDir, { recursive: true, force: true });
  }
}

async function targetFor(entry: RosterEntry, settings: ClassSettings, privateDir: string): Promise<TargetSpec> {
  const { target } = entry;
  if (target.kind === 'address') return { kind: 'address', endpoint: parseEndpoint(target.value, `roster line ${entry.line}`) };
  const sandbox = await prepareSandboxFor(target, settings, privateDir);
  if (target.kind === 'spawn') return { kind: 'spawn', command: target.command, cwd: privateDir, sandbox };
  if (!settings.startCommand) throw new UsageError(`roster line ${entry.line}: dir: targets need the class's --start command`);
  return { kind: 'spawn', command: settings.startCommand, cwd: path.join(privateDir, 'code'), sandbox };
}

async function prepareSandboxFor(target: RosterEntry['target'], settings: ClassSettings, privateDir: string) {
  if (target.kind === 'dir') {
    const source = path.resolve(settings.rosterDir, target.path);
    try {
      // The student's program runs on a copy: it can neither change the submission nor see others'.
      await cp(source, path.join(privateDir, 'code'), { recursive: true, verbatimSymlinks: true });
    } catch (error) {
      throw new UsageError(`cannot copy ${source}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`);
    }
  }
  return prepareSandbox(settings.sandbox, privateDir);
}

async function gradeSuite(suite: Suite, target: TargetSpec, settings: ClassSettings, signal: AbortSignal, student: string): Promise<SuiteReport> {
  const started = performance.now();
  try {
    return await runSuite(suite, target, {
      seed: settings.seed,
      runs: settings.runs,
      ruleTimeoutMs: settings.ruleTimeoutMs,
      startTimeoutMs: settings.startTimeoutMs,
      limits: settings.limits,
      strict: false,
      options: settings.options,
      select: () => true,
      signal,
      replayCommand: () => settings.replayCommand(student),
    });
  } catch (error) {
    if (!(error instanceof TargetUnreachable)) throw error;
    // The server never came up: every rule is undecided, with the reason.
    const rules: RuleResult[] = suite.rules.map((rule) => ({
      id: rule.id,
      level: rule.level,
      rfc: rule.rfc,
      section: rule.section,
      title: rule.title,
      status: 'error',
      runs: 0,
      durationMs: 0,
      message: error.message,
    }));
    const description = describeTarget(target);
    return {
      suite: suite.name,
      target: targetLabel(description),
      targetSpec: description,
      seed: settings.seed,
      runs: settings.runs,
      strict: false,
      durationMs: Math.round(performance.now() - started),
      summary: summarize(rules),
      rules,
      targetLog: error.message,
    };
  }
}
