import { accessCommands } from './commands/access-commands.ts';
import type { CommandTable } from './commands/command-handler.ts';
import { fileCommands } from './commands/file-commands.ts';
import { informationCommands } from './commands/information-commands.ts';
import { listingCommands } from './commands/listing-commands.ts';
import { parameterCommands } from './commands/parameter-commands.ts';

/** Every verb the reference serves. A planted-bug server replaces a few of these handlers. */
export const defaultCommands: CommandTable = {
  ...accessCommands,
  ...parameterCommands,
  ...fileCommands,
  ...listingCommands,
  ...informationCommands,
};
