import { UsageError } from '../core/errors.ts';
import type { PerfRecord } from '../report/model.ts';
import type { Endpoint } from '../wire/limits.ts';

/**
 * What a scenario of `rfcheck perf` is. The built-in ones live in scenarios.ts; a protocol adds
 * its own in reference/<protocol>/perf-scenarios.ts, exporting
 * `perfScenarios: Record<string, PerfScenario>` (found by harness/core/catalogue.ts).
 */

/** A flag a scenario adds to `rfcheck perf`; its value reaches `parse` as given (a string, or true). */
export interface PerfFlag {
  type: 'string' | 'boolean';
  /** What the value looks like in the help (`LIST`, `FILE`, `MS`); string flags only. */
  value?: string;
  /** One line for `rfcheck perf list`, with the default. */
  help: string;
}

/** The raw values of every flag given to `rfcheck perf`, by name (without the dashes). */
export type PerfFlagValues = Readonly<Record<string, string | boolean | undefined>>;

/** The flags every scenario may read, parsed by the perf command; each scenario reads what it needs. */
export interface PerfSettings {
  /** --target, for scenarios that declare `target`. */
  target?: Endpoint;
  rttMs?: number;
  rateMbps?: number;
  objects: number;
  objectBytes?: number;
  parallel: number;
  /** HTTP scenarios run this many times; the run with the median time is reported. */
  repeat: number;
  hitRate: number;
  requestsPerSecond: number;
  requests: number;
  packets: number;
  seed: number;
  /** Called as each record is made, so a long run shows progress. */
  onRecord?: (record: PerfRecord) => void;
  /** Writes a scenario's own output (a table, where a chart went) to the terminal. */
  print?: (text: string) => void;
}

export interface PerfScenario<Options = unknown> {
  summary: string;
  /** Why the scenario cannot run in this build; undefined when it can (`all` skips it). */
  unavailable?: string;
  /** Flags of its own, merged into the perf command's table (a name may not shadow a shared flag). */
  flags?: Record<string, PerfFlag>;
  /** What `--target HOST:PORT` must be for this scenario; without it the scenario refuses --target. */
  target?: string;
  /**
   * Reads the scenario's flags (its own and the shared raw values) before any scenario runs;
   * a bad value throws UsageError with a one-line message. Without `parse`, options are undefined.
   */
  parse?(values: PerfFlagValues, settings: PerfSettings): Options;
  /** Measures; reports each record through settings.onRecord as it is made, and returns them all. */
  run(settings: PerfSettings, options: Options): Promise<PerfRecord[]>;
}

/** A string flag's value, or undefined; a boolean given to a string flag cannot happen (parseArgs checks). */
export function stringValue(values: PerfFlagValues, flag: string): string | undefined {
  const value = values[flag];
  return typeof value === 'string' ? value : undefined;
}

/** A decimal number within bounds, or a UsageError naming the flag. */
export function decimalFlag(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(value)) throw new UsageError(`--${flag} takes a number, not '${value}'`);
  const number = Number(value);
  if (number < min || number > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, not ${value}`);
  return number;
}

/** A comma list of whole numbers within bounds (`1,2,4`), or a UsageError naming the flag. */
export function integerListFlag(value: string | undefined, flag: string, min: number, max: number): number[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',');
  if (items.some((item) => !/^\d+$/.test(item) || Number(item) < min || Number(item) > max)) {
    throw new UsageError(`--${flag} takes a comma list of whole numbers from ${min} to ${max}, not '${value}'`);
  }
  return items.map(Number);
}
