import fc from 'fast-check';
import { afterAll, beforeAll } from 'vitest';
import { expectThat } from '../../../harness/core/expect.ts';
import { type AnyRuleSpec, type Rule, section } from '../../../harness/core/rule.ts';
import type { Counterexample } from '../../../harness/report/model.ts';
import type { RunIO } from '../../../harness/runner/run-io.ts';
import { type RuleRunSettings, type RuleTarget, runRule } from '../../../harness/runner/run-rule.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';
import { scriptedServer } from '../../support/scripted-server.ts';

/** A target that answers each line it receives with the line's length, so rules can be written against it. */
export function lengthServer(): ReturnType<typeof scriptedServer> {
  return scriptedServer((socket) => {
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      let end: number;
      while ((end = buffered.indexOf('\n')) >= 0) {
        socket.write(`${end}\n`);
        buffered = buffered.slice(end + 1);
      }
    });
  });
}

/** Starts a length server for the test file's lifetime; returns the rule target that reaches it. */
export function useLengthServer(): () => RuleTarget {
  let server: Awaited<ReturnType<typeof lengthServer>> | undefined;
  beforeAll(async () => {
    server = await lengthServer();
  });
  afterAll(() => server?.close());
  return () => {
    if (!server) throw new Error('the length server is not up');
    return { endpoint: { host: '127.0.0.1', port: server.port }, endpoints: {} };
  };
}

/** One rule with its id, for runner tests. */
export function oneRule(spec: AnyRuleSpec): Rule {
  const [rule] = section({ suite: 't', rfc: 'RFC 0', section: '1', title: 'test' }, [spec]);
  if (!rule) throw new Error('no rule');
  return rule;
}

/** The runner tests' input: a number whose decimal length the length server answers. */
export const numbers = fc.integer({ min: 0, max: 1_000_000 });

/** Run settings for runner tests against the length server: generous deadlines, a fixed seed. */
export function runnerSettings(seed: number, runs: number): RuleRunSettings {
  return { seed, runs, ruleTimeoutMs: 20_000, limits: { ...defaultWireLimits, readTimeoutMs: 2000 }, replayCommand: (id) => `replay ${id}` };
}

/**
 * Sends the number as a line and checks the length the target answers, on the run's connection
 * as the suites' exchange helpers do: kept idle for the next check when the run reuses
 * (--batch), a new one otherwise; the exchange is counted.
 */
export async function exchangeNumber(io: RunIO, n: number): Promise<void> {
  const { connection } = await io.tcpForExchange();
  io.step(`send ${n}`);
  await connection.write(`${n}\n`);
  const { text } = await connection.readLine('the length');
  io.exchanged();
  io.keepIdle(connection);
  expectThat(text === String(String(n).length), `length ${text} for ${n}`);
}

/** What `rfcheck replay` does with a recorded counterexample: its seed and path, one run. */
export function replayCounterexample(rule: Rule, target: RuleTarget, settings: RuleRunSettings, counterexample: Counterexample | undefined, more: Partial<RuleRunSettings> = {}): ReturnType<typeof runRule> {
  return runRule(rule, target, { fixturesDir: '.' }, { ...settings, seed: counterexample?.seed ?? 0, runs: 1, replayPath: counterexample?.path, ...more });
}
