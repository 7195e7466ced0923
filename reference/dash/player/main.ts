import { parseArgs } from 'node:util';
import { UsageError } from '../../../harness/core/errors.ts';
import { startDashPlayer } from './control-server.ts';
import { defaultPlayerSettings } from './player.ts';

/**
 * The reference player as a program, the way a student's player is run:
 * `npx tsx reference/dash/player/main.ts --control PORT [--algorithm rate|buffer]`.
 */
async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { control: { type: 'string' }, host: { type: 'string' }, algorithm: { type: 'string' } } });
  const port = Number(values.control);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--control PORT is required (0–65535)');
  const algorithm = values.algorithm ?? 'rate';
  if (algorithm !== 'rate' && algorithm !== 'buffer') throw new UsageError(`--algorithm must be rate or buffer, not ${algorithm}`);
  const running = await startDashPlayer({ host: values.host ?? '127.0.0.1', port, fixturesDir: '' }, { ...defaultPlayerSettings, algorithm });
  process.stdout.write(`dash player control port ${running.endpoint.port} (${algorithm}-based)\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  // Nothing listens yet when main fails, so the process ends on its own with this status.
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
