import { loadProtocolCommands } from '../core/catalogue.ts';
import { TargetUnreachable, UsageError, errorMessage } from '../core/errors.ts';
import { fuzzCommand } from './commands/fuzz.ts';
import { gradeCommand } from './commands/grade.ts';
import { listCommand } from './commands/list.ts';
import { mergeCommand } from './commands/merge.ts';
import { perfCommand, perfHelp } from './commands/perf.ts';
import { replayCommand } from './commands/replay.ts';
import { runCommand } from './commands/run.ts';
import { serveCommand } from './commands/serve.ts';
import { usage } from './usage.ts';

/**
 * rfcheck's entry point. Exit status (a contract): 0 no MUST rule failed; 1 a MUST rule failed
 * (with --strict also a SHOULD); 2 usage error, unreachable target, or undecided MUST rules.
 * Errors print one line, never a stack trace (RFCHECK_DEBUG=1 shows it).
 */
const commands: Record<string, (argv: string[]) => Promise<number>> = {
  fuzz: fuzzCommand,
  grade: gradeCommand,
  list: listCommand,
  merge: mergeCommand,
  perf: perfCommand,
  run: runCommand,
  replay: replayCommand,
  serve: serveCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(usage);
    return command === undefined ? 2 : 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command === 'perf' ? await perfHelp(usage) : usage);
    return 0;
  }
  const handler = commands[command];
  if (handler) return handler(rest);
  const protocolCommands = await loadProtocolCommands();
  const extra = protocolCommands.get(command);
  if (extra) return extra.run(rest);
  const known = [...Object.keys(commands), ...protocolCommands.keys()];
  throw new UsageError(`unknown command '${command}' (commands: ${known.join(', ')})`);
}

export function describeFailure(error: unknown): string {
  if (error instanceof UsageError) return `rfcheck: ${error.message}`;
  if (error instanceof TargetUnreachable) return `rfcheck: target unreachable: ${error.message}`;
  return `rfcheck: internal error: ${errorMessage(error)}`;
}

const invokedDirectly = process.argv[1] !== undefined && /harness[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (invokedDirectly || process.env.RFCHECK_BIN === '1') {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${describeFailure(error)}\n`);
    if (process.env.RFCHECK_DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
    process.exitCode = 2;
  }
}
