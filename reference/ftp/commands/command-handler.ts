import type { Session } from '../session.ts';

/** How one FTP verb is served. */
export interface CommandHandler {
  /** Refused with 530 until a user has logged in. */
  needsLogin: boolean;
  run(session: Session, argument: string): Promise<void> | void;
}

/** Verbs (upper case) → handlers. */
export type CommandTable = Readonly<Record<string, CommandHandler>>;

/** A handler that needs a logged-in user. */
export const afterLogin = (run: CommandHandler['run']): CommandHandler => ({ needsLogin: true, run });

/** A handler allowed before login. */
export const anytime = (run: CommandHandler['run']): CommandHandler => ({ needsLogin: false, run });
