import { UsageError } from '../core/errors.ts';
import { loadSuites } from '../core/catalogue.ts';
import type { RuleResult, SuiteReport } from '../report/model.ts';
import { targetFromDescription } from '../targets/target-spec.ts';
import { defaultWireLimits } from '../wire/limits.ts';
import { Transcript } from '../wire/transcript.ts';
import { FuzzTarget } from './fuzz-target.ts';
import { replayCase } from './replay-case.ts';
import { decodeCase } from './session.ts';

export interface FuzzReplaySettings {
  readTimeoutMs: number;
  startTimeoutMs: number;
  fixturesDir: string;
}

/**
 * `rfcheck replay report.json <suite>/fuzz/<kind>-<n>`: starts the target the report names,
 * sends the finding's sessions and checks the target as the fuzzer did. Exit 1 when the same
 * kind of symptom shows, 0 when the target now survives the case.
 */
export async function replayFuzzFinding(entry: SuiteReport, recorded: RuleResult, settings: FuzzReplaySettings): Promise<number> {
  const counterexample = recorded.counterexample;
  if (!counterexample) throw new UsageError(`${recorded.id} has no case to replay`);
  if (!entry.targetSpec) throw new UsageError('the report does not record its target; fuzz again');
  const fuzzCase = decodeCase(counterexample.input);
  const suite = (await loadSuites()).find((s) => s.name === entry.suite);
  if (!suite) throw new UsageError(`the report names suite '${entry.suite}', which this rfcheck does not have`);
  const target = new FuzzTarget(suite, targetFromDescription(entry.targetSpec), {
    fixturesDir: settings.fixturesDir,
    startTimeoutMs: settings.startTimeoutMs,
    limits: { ...defaultWireLimits, readTimeoutMs: settings.readTimeoutMs },
  });
  const transcript = new Transcript();
  try {
    await target.start();
    const limits = { readTimeoutMs: settings.readTimeoutMs, quietMs: 10, maxReplyBytes: 64 * 1024 };
    const symptom = await replayCase(target, fuzzCase, limits, 300, transcript);
    if (symptom?.kind === fuzzCase.kind) {
      process.stdout.write(`FAIL  ${recorded.id} [${recorded.level}]\nreproduced: ${symptom.message}\ntranscript:\n${transcript.toString()}\n`);
      return 1;
    }
    const now = symptom ? `the target shows another symptom instead (${symptom.kind}: ${symptom.message})` : 'the target survives the case';
    process.stdout.write(`did not reproduce: ${now}\n`);
    return 0;
  } finally {
    await target.stop();
  }
}
