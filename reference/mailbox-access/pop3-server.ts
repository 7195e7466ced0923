import type net from 'node:net';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { MailUsers } from './mail-users.ts';
import { type Pop3Context, Pop3Session } from './pop3-session.ts';
import { createSeededStore } from './seeded-store.ts';
import { SocketReader } from './socket-reader.ts';
import { startTcpService } from './tcp-service.ts';

/** RFC 1939 §3: an autologout timer, if any, must allow at least ten minutes of silence. */
const idleTimeoutMs = 10 * 60 * 1000 + 5000;

/** How a session is made; planted-bug servers pass a subclass that changes one behaviour. */
export type Pop3SessionClass = new (socket: net.Socket, reader: SocketReader, context: Pop3Context) => Pop3Session;

/**
 * The POP3 reference: serves the users of fixtures/mail/users.json from a private copy of
 * fixtures/mail/mailboxes, which it removes again on close().
 */
export async function startPop3Server(options: ServerStartOptions, Session: Pop3SessionClass = Pop3Session): Promise<RunningServer> {
  const users = await MailUsers.load(options.fixturesDir);
  const store = await createSeededStore(options.fixturesDir, users);
  const context: Pop3Context = { users, store, locked: new Set() };
  try {
    return await startTcpService({
      host: options.host,
      port: options.port,
      idleTimeoutMs,
      serve: (socket) => new Session(socket, new SocketReader(socket), context).run(),
      onClosed: () => store.dispose(),
    });
  } catch (error) {
    await store.dispose();
    throw error;
  }
}
