import net from 'node:net';
import type { RunningServer } from '../../harness/core/suite.ts';
import { listenOn } from '../listening.ts';

/**
 * The listening side shared by the POP3 and IMAP references: accepts connections, hands each to
 * `serve`, drops a client idle for `idleTimeoutMs`, and on close() ends every connection and
 * waits for the sessions to finish, so nothing is left running.
 */
export interface TcpServiceOptions {
  host: string;
  port: number;
  idleTimeoutMs: number;
  serve: (socket: net.Socket) => Promise<void>;
  /** Runs after the listener and every session have stopped. */
  onClosed?: () => Promise<void>;
}

export async function startTcpService(options: TcpServiceOptions): Promise<RunningServer> {
  const sessions = new Map<net.Socket, Promise<void>>();
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.setTimeout(options.idleTimeoutMs, () => socket.destroy());
    // A reset or a write to a vanished client must never take the server down.
    socket.on('error', () => socket.destroy());
    const session = options
      .serve(socket)
      .catch(() => undefined)
      .finally(() => {
        socket.destroy();
        sessions.delete(socket);
      });
    sessions.set(socket, session);
  });
  const port = await listenOn(server, options.port, options.host);
  let closing: Promise<void> | undefined;
  return {
    endpoint: { host: options.host, port },
    close: () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sessions.keys()) socket.destroy();
        await Promise.all(sessions.values());
        await stopped;
        await options.onClosed?.();
      })();
      return closing;
    },
  };
}
