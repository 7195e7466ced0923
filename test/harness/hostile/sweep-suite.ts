/**
 * Runs every rule of one suite against each hostile server named on the command line, in this
 * process, and prints one JSON line per behaviour. Spawned by hostile-servers.test.ts under GNU
 * time, with the hostile servers running in the test's process, so that the peak memory
 * measured is the harness's alone.
 *   tsx test/harness/hostile/sweep-suite.ts SUITE READ_TIMEOUT_MS RULE_TIMEOUT_MS BEHAVIOUR=PORT…
 */
import { fixturesDir, loadSuites } from '../../../harness/core/catalogue.ts';
import { runSuite } from '../../../harness/runner/run-suite.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';

const [suiteName, readTimeout, ruleTimeout, ...targets] = process.argv.slice(2);
const suite = (await loadSuites()).find((s) => s.name === suiteName);
if (!suite) throw new Error(`no suite ${suiteName}`);

for (const target of targets) {
  const [behaviour, port] = target.split('=');
  const started = Date.now();
  try {
    const report = await runSuite(suite, { kind: 'address', endpoint: { host: '127.0.0.1', port: Number(port) } }, {
      seed: 1,
      runs: 1,
      ruleTimeoutMs: Number(ruleTimeout),
      startTimeoutMs: 2000,
      limits: { ...defaultWireLimits, readTimeoutMs: Number(readTimeout) },
      strict: false,
      options: { fixturesDir },
      select: () => true,
      shrink: false,
      replayCommand: () => '',
    });
    const verdicts = report.rules.map((r) => ({ id: r.id, status: r.status, ms: r.durationMs, message: r.message }));
    // report.durationMs starts once the suite holds its exclusive resource (if any); the rest of
    // the wall time is waiting for another run on this machine to release it.
    process.stdout.write(`${JSON.stringify({ behaviour, ms: report.durationMs, waitedMs: Date.now() - started - report.durationMs, verdicts })}\n`);
  } catch (error) {
    // The suite could not start against this target at all (it refused the first connection).
    process.stdout.write(`${JSON.stringify({ behaviour, ms: Date.now() - started, unreachable: error instanceof Error ? error.message : String(error) })}\n`);
  }
}
