import type net from 'node:net';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { type RunningSmtpServer, startSmtpServer } from '../smtp/smtp-server.ts';
import { MailUsers } from './mail-users.ts';
import { type SeededStore, createSeededStore } from './seeded-store.ts';
import { SocketReader } from './socket-reader.ts';
import { startTcpService } from './tcp-service.ts';

/** A session of a mail-access protocol: it serves one connection until it ends. */
export interface MailSession {
  run(): Promise<void>;
}

/**
 * The start-up both mail-access references share: load the users, copy the fixture mailboxes
 * into a private store (removed again on close, or if listening fails), and serve each
 * connection with a session made by `makeSession`. An SMTP reference delivering into the same
 * store runs beside it (endpoint 'smtp').
 */
export async function startMailService(
  options: ServerStartOptions,
  idleTimeoutMs: number,
  makeSession: (socket: net.Socket, reader: SocketReader, users: MailUsers, store: SeededStore) => MailSession,
): Promise<RunningServer> {
  const users = await MailUsers.load(options.fixturesDir);
  const store = await createSeededStore(options.fixturesDir, users);
  let smtp: RunningSmtpServer | undefined;
  try {
    // The SMTP reference delivers into the same store: the 'smtp' endpoint of the cross-protocol rules.
    smtp = await startSmtpServer({ host: options.host, port: 0, storeRoot: store.root, fixturesDir: options.fixturesDir });
    const service = await startTcpService({
      host: options.host,
      port: options.port,
      idleTimeoutMs,
      serve: (socket) => makeSession(socket, new SocketReader(socket), users, store).run(),
      onClosed: async () => {
        await smtp?.close();
        await store.dispose();
      },
    });
    return { ...service, endpoints: { smtp: smtp.endpoint } };
  } catch (error) {
    await smtp?.close();
    await store.dispose();
    throw error;
  }
}
