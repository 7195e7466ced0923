import type { ServerFactory } from '../../harness/core/suite.ts';
import { startImapServer } from './imap-server.ts';
import { startPop3Server } from './pop3-server.ts';

/** The mailbox-access references: POP3 and IMAP over one Maildir store. */
export const servers: Record<string, ServerFactory> = {
  pop3: { start: (options) => startPop3Server(options) },
  imap: { start: (options) => startImapServer(options) },
};
