import { type ParseArgsConfig, parseArgs } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { UsageError } from '../core/errors.ts';

/** How many cases, which seed, and the deadlines: every command that runs rules takes these. */
export const runningFlags = {
  runs: { type: 'string' },
  seed: { type: 'string' },
  timeout: { type: 'string' },
  'read-timeout': { type: 'string' },
  'start-timeout': { type: 'string' },
  quiet: { type: 'boolean' },
} as const;

/** What a suite needs to reach a target's data (DESIGN.md: the same names in every suite). */
export const targetDataFlags = {
  user: { type: 'string' },
  pass: { type: 'string' },
  smtp: { type: 'string' },
  zone: { type: 'string', multiple: true },
  'mail-domain': { type: 'string' },
  fixtures: { type: 'string' },
} as const;

/** Report files, by the name of the writer each selects. */
export const reportFlags = {
  json: { type: 'string' },
  junit: { type: 'string' },
  md: { type: 'string' },
  html: { type: 'string' },
  gradescope: { type: 'string' },
} as const;

/** The regression gate (run and merge). */
export const gateFlags = {
  baseline: { type: 'string' },
  'fail-on': { type: 'string' },
  'perf-threshold': { type: 'string' },
} as const;

/** `rfcheck run` and `rfcheck replay` (DESIGN.md's contract, plus documented extensions). */
export const runFlagTable = {
  target: { type: 'string' },
  spawn: { type: 'string' },
  container: { type: 'string' },
  'container-cmd': { type: 'string' },
  rules: { type: 'string', multiple: true },
  strict: { type: 'boolean' },
  'no-shrink': { type: 'boolean' },
  jobs: { type: 'string' },
  concurrency: { type: 'string' },
  batch: { type: 'string' },
  shard: { type: 'string' },
  annotations: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  ...runningFlags,
  ...targetDataFlags,
  ...reportFlags,
  ...gateFlags,
} as const;

/** util.parseArgs with one-line UsageErrors instead of its exceptions. */
export function parseFlags<const T extends ParseArgsOptionsConfig>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error);
    throw new UsageError(message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

/** A whole number within bounds, or a UsageError naming the flag. */
export function integerFlag(value: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`--${flag} takes a whole number, not '${value}'`);
  const number = Number(value);
  if (number < min || number > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, not ${value}`);
  return number;
}
