import { readFile } from 'node:fs/promises';
import { UsageError } from '../../core/errors.ts';
import { loadSuites } from '../../core/catalogue.ts';
import { isFuzzFinding } from '../../fuzz/finding-result.ts';
import { replayFuzzFinding } from '../../fuzz/replay-finding.ts';
import { parseReport } from '../../report/json.ts';
import { progressLine } from '../../report/terminal.ts';
import { runSuite } from '../../runner/run-suite.ts';
import { targetFromDescription } from '../../targets/target-spec.ts';
import { parseFlags, runFlagTable } from '../flags.ts';
import { limitsFrom, numbersFrom, suiteOptionsFrom } from '../run-settings.ts';

/**
 * `rfcheck replay <report.json> <rule-id>`: runs the recorded counterexample once (its seed and
 * path), against the target the report names. Exit 1 when the failure reproduces, 0 when not.
 */
export async function replayCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, runFlagTable);
  const [file, ruleId] = positionals;
  if (!file || !ruleId || positionals.length > 2) throw new UsageError('replay takes a report file and a rule id: rfcheck replay report.json http/9.3.2/head-no-body');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const report = parseReport(text, file);
  const entry = report.suites.find((s) => s.rules.some((r) => r.id === ruleId));
  const recorded = entry?.rules.find((r) => r.id === ruleId);
  if (!entry || !recorded) throw new UsageError(`${file} has no rule '${ruleId}'`);
  if (!recorded.counterexample) throw new UsageError(`${ruleId} did not fail in ${file} (status ${recorded.status}); there is nothing to replay`);
  if (isFuzzFinding(recorded)) {
    const numbers = numbersFrom(values);
    return replayFuzzFinding(entry, recorded, { readTimeoutMs: limitsFrom(values).readTimeoutMs, startTimeoutMs: numbers.startTimeoutMs, fixturesDir: suiteOptionsFrom(values).fixturesDir });
  }
  const suite = (await loadSuites()).find((s) => s.name === entry.suite);
  if (!suite) throw new UsageError(`${file} names suite '${entry.suite}', which this rfcheck does not have`);
  if (!entry.targetSpec) throw new UsageError(`${file} does not record its target; run the suite again`);

  const { counterexample } = recorded;
  const numbers = numbersFrom(values);
  const result = await runSuite(suite, targetFromDescription(entry.targetSpec), {
    ...numbers,
    seed: counterexample.seed,
    runs: 1,
    limits: limitsFrom(values),
    strict: entry.strict,
    options: suiteOptionsFrom(values),
    select: (id) => id === ruleId,
    replayPath: counterexample.path,
    ...(counterexample.batch ? { batch: counterexample.batch.size } : {}),
    replayCommand: () => `npx rfcheck replay ${file} ${ruleId}`,
  });
  const replayed = result.rules[0];
  if (!replayed) throw new UsageError(`${ruleId} did not run`);
  process.stdout.write(`${progressLine(replayed)}\n`);
  if (replayed.counterexample) {
    process.stdout.write(`reproduced: ${replayed.counterexample.message}\ninput: ${replayed.counterexample.input}\ntranscript:\n${replayed.counterexample.transcript}\n`);
    return 1;
  }
  process.stdout.write(`did not reproduce: the recorded input now gives '${replayed.status}'\n`);
  return replayed.status === 'error' ? 2 : 0;
}
