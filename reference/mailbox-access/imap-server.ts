import type net from 'node:net';
import path from 'node:path';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { type ImapContext, ImapSession } from './imap/imap-session.ts';
import { UserMailboxes } from './imap/mailbox-store.ts';
import { startMailService } from './mail-service.ts';
import type { SocketReader } from './socket-reader.ts';

/** RFC 3501 §5.4: an autologout timer must allow at least 30 minutes of inactivity. */
const idleTimeoutMs = 31 * 60 * 1000;

/** How a session is made; planted-bug servers pass a subclass that changes one behaviour. */
export type ImapSessionClass = new (socket: net.Socket, reader: SocketReader, context: ImapContext) => ImapSession;

/**
 * The IMAP reference: serves the users of fixtures/mail/users.json from a private copy of
 * fixtures/mail/mailboxes (removed again on close()), one mailbox tree per user, shared by
 * that user's sessions so they see each other's changes.
 */
export async function startImapServer(options: ServerStartOptions, Session: ImapSessionClass = ImapSession): Promise<RunningServer> {
  let context: ImapContext | undefined;
  const trees = new Map<string, UserMailboxes>();
  return startMailService(options, idleTimeoutMs, (socket, reader, users, store) => {
    context ??= {
      users,
      idlePollMs: 200,
      mailboxesOf: (user) => {
        let tree = trees.get(user);
        if (!tree) {
          tree = new UserMailboxes(path.join(store.root, user, 'Maildir'));
          trees.set(user, tree);
        }
        return tree;
      },
    };
    return new Session(socket, reader, context);
  });
}
