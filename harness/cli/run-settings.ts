import path from 'node:path';
import { UsageError } from '../core/errors.ts';
import { fixturesDir } from '../core/catalogue.ts';
import type { SuiteOptions } from '../core/rule.ts';
import { type TargetSpec, parseEndpoint } from '../targets/target-spec.ts';
import { type WireLimits, defaultWireLimits } from '../wire/limits.ts';
import { integerFlag } from './flags.ts';

/** Flags as util.parseArgs returns them for runFlagTable. */
export interface RunFlagValues {
  target?: string;
  spawn?: string;
  container?: string;
  'container-cmd'?: string;
  rules?: string[];
  runs?: string;
  seed?: string;
  timeout?: string;
  'read-timeout'?: string;
  'start-timeout'?: string;
  strict?: boolean;
  user?: string;
  pass?: string;
  smtp?: string;
  zone?: string[];
  'mail-domain'?: string;
  fixtures?: string;
}

export function targetSpecFrom(flags: RunFlagValues): TargetSpec {
  const given = (['target', 'spawn', 'container'] as const).filter((name) => flags[name] !== undefined);
  if (given.length > 1) throw new UsageError(`--${given[0]} and --${given[1]} cannot be used together: choose one target`);
  if (flags.target !== undefined) return { kind: 'address', endpoint: parseEndpoint(flags.target) };
  if (flags.spawn !== undefined) {
    if (flags.spawn.trim() === '') throw new UsageError('--spawn needs a command');
    return { kind: 'spawn', command: flags.spawn };
  }
  if (flags['container-cmd'] !== undefined && flags.container === undefined) throw new UsageError('--container-cmd goes with --container IMAGE');
  if (flags.container !== undefined) {
    if (!/^[a-z0-9][a-z0-9._/:@-]*$/i.test(flags.container)) throw new UsageError(`--container '${flags.container}' is not an image name`);
    return flags['container-cmd'] !== undefined ? { kind: 'container', image: flags.container, command: flags['container-cmd'] } : { kind: 'container', image: flags.container };
  }
  return { kind: 'reference' };
}

export function limitsFrom(flags: RunFlagValues): WireLimits {
  return {
    ...defaultWireLimits,
    readTimeoutMs: integerFlag(flags['read-timeout'], 'read-timeout', defaultWireLimits.readTimeoutMs, 10, 600_000),
  };
}

export function suiteOptionsFrom(flags: RunFlagValues): SuiteOptions {
  const options: SuiteOptions = { fixturesDir: flags.fixtures ? path.resolve(flags.fixtures) : fixturesDir };
  const user = flags.user ?? process.env.RFCHECK_USER;
  const pass = flags.pass ?? process.env.RFCHECK_PASS;
  if (user !== undefined) options.user = user;
  if (pass !== undefined) options.pass = pass;
  if (flags.smtp !== undefined) {
    parseEndpoint(flags.smtp, '--smtp');
    options.smtp = flags.smtp;
  }
  if (flags.zone !== undefined) options.zones = flags.zone.map((zone) => path.resolve(zone));
  if (flags['mail-domain'] !== undefined) options.mailDomain = flags['mail-domain'];
  return options;
}

export const defaultRuns = 100;
export const defaultRuleTimeoutMs = 30_000;
export const defaultStartTimeoutMs = 10_000;

export function numbersFrom(flags: RunFlagValues): { runs: number; seed: number; ruleTimeoutMs: number; startTimeoutMs: number } {
  return {
    runs: integerFlag(flags.runs, 'runs', defaultRuns, 1, 1_000_000),
    seed: integerFlag(flags.seed, 'seed', Math.floor(Math.random() * 2 ** 31), 0, 2 ** 31 - 1),
    ruleTimeoutMs: integerFlag(flags.timeout, 'timeout', defaultRuleTimeoutMs, 100, 3_600_000),
    startTimeoutMs: integerFlag(flags['start-timeout'], 'start-timeout', defaultStartTimeoutMs, 100, 600_000),
  };
}
