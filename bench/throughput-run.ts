import { loadSuites } from '../harness/core/catalogue.ts';
import { errorMessage } from '../harness/core/errors.ts';
import { concurrentCheckRate } from './check-rate.ts';

/**
 * `tsx bench/throughput-run.ts <suite> <runs> <concurrency> <batch>`: one sustained-rate
 * measurement (check-rate.ts concurrentCheckRate) in a fresh process, printed as JSON. The
 * bench runs it as a child so that the figure is what a fresh `rfcheck run` gets, not one
 * slowed by the heap and the JIT state its earlier parts left behind.
 */
async function main(argv: string[]): Promise<number> {
  const [suiteName, runs, concurrency, batch] = argv;
  const numbers = [runs, concurrency, batch].map(Number);
  if (!suiteName || numbers.some((n) => !Number.isInteger(n) || n < 1)) {
    process.stderr.write('throughput-run: usage: throughput-run.ts <suite> <runs> <concurrency> <batch>\n');
    return 2;
  }
  const suite = (await loadSuites()).find((s) => s.name === suiteName);
  if (!suite) {
    process.stderr.write(`throughput-run: no suite '${suiteName}'\n`);
    return 2;
  }
  const [r, c, b] = numbers as [number, number, number];
  process.stdout.write(`${JSON.stringify(await concurrentCheckRate(suite, r, c, b))}\n`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`throughput-run: ${errorMessage(error)}\n`);
  process.exitCode = 2;
}
