import type net from 'node:net';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { startMailService } from './mail-service.ts';
import { type Pop3Context, Pop3Session } from './pop3-session.ts';
import type { SocketReader } from './socket-reader.ts';

/** RFC 1939 §3: an autologout timer, if any, must allow at least ten minutes of silence. */
const idleTimeoutMs = 10 * 60 * 1000 + 5000;

/** How a session is made; planted-bug servers pass a subclass that changes one behaviour. */
export type Pop3SessionClass = new (socket: net.Socket, reader: SocketReader, context: Pop3Context) => Pop3Session;

/**
 * The POP3 reference: serves the users of fixtures/mail/users.json from a private copy of
 * fixtures/mail/mailboxes, which it removes again on close().
 */
export async function startPop3Server(options: ServerStartOptions, Session: Pop3SessionClass = Pop3Session): Promise<RunningServer> {
  let context: Pop3Context | undefined;
  return startMailService(options, idleTimeoutMs, (socket, reader, users, store) => {
    context ??= { users, store, locked: new Set() };
    return new Session(socket, reader, context);
  });
}
