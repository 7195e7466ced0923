import { type ParseArgsConfig, parseArgs } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;
import { UsageError } from '../core/errors.ts';

/** The flag table shared by run and replay (DESIGN.md's contract, plus documented extensions). */
export const runFlagTable = {
  target: { type: 'string' },
  spawn: { type: 'string' },
  container: { type: 'string' },
  rules: { type: 'string', multiple: true },
  runs: { type: 'string' },
  seed: { type: 'string' },
  timeout: { type: 'string' },
  'read-timeout': { type: 'string' },
  'start-timeout': { type: 'string' },
  strict: { type: 'boolean' },
  json: { type: 'string' },
  junit: { type: 'string' },
  md: { type: 'string' },
  html: { type: 'string' },
  gradescope: { type: 'string' },
  user: { type: 'string' },
  pass: { type: 'string' },
  smtp: { type: 'string' },
  zone: { type: 'string', multiple: true },
  'mail-domain': { type: 'string' },
  fixtures: { type: 'string' },
  quiet: { type: 'boolean' },
  shard: { type: 'string' },
  baseline: { type: 'string' },
  'fail-on': { type: 'string' },
  'perf-threshold': { type: 'string' },
  annotations: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
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
