import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { perfCommand } from '../harness/cli/commands/perf.ts';
import { UsageError, errorMessage } from '../harness/core/errors.ts';

/**
 * The course's file-distribution table and chart, measured: the same as `rfcheck perf p2p`
 * (reference/bittorrent/perf-scenarios.ts), with the records in reports/p2p-distribution.json.
 *   npx tsx bench/p2p-distribution.ts [--peers 1,2,4,8,16,32] [--svg FILE] [--json FILE] [--file-kib K] [--upload-kibps U]
 */
export function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json') ? [] : ['--json', 'reports/p2p-distribution.json'];
  return perfCommand(['p2p', ...json, ...argv]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${errorMessage(error)}\n`);
      process.exit(error instanceof UsageError ? 2 : 1);
    },
  );
}
