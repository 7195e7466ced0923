import net from 'node:net';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { uppercaseAscii } from './uppercase.ts';
import { listenOn } from '../listening.ts';

/** The course's receive buffer: one message is at most this many bytes. */
export const messageCap = 1024;
const idleTimeoutMs = 10_000;

/**
 * The course's TCPServer: reads one message (up to and including LF, or 1024 bytes, or until
 * the client half-closes), answers it uppercased and closes the connection. Every connection is
 * served on its own, so a slow or vanished client delays nobody.
 */
export async function startTcpUppercaseServer(options: ServerStartOptions): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(idleTimeoutMs, () => socket.destroy());
    let received = Buffer.alloc(0);
    let answered = false;
    const answer = (): void => {
      if (answered) return;
      answered = true;
      socket.end(uppercaseAscii(received));
    };
    socket.on('data', (chunk: Buffer) => {
      if (answered) return;
      received = Buffer.concat([received, chunk]);
      const lineEnd = received.indexOf(0x0a);
      if (lineEnd >= 0) received = received.subarray(0, lineEnd + 1);
      if (received.length > messageCap) received = received.subarray(0, messageCap);
      if (lineEnd >= 0 || received.length >= messageCap) answer();
    });
    socket.on('end', () => {
      if (received.length > 0) answer();
      else socket.end();
    });
  });
  const port = await listenOn(server, options.port, options.host);
  return {
    endpoint: { host: options.host, port },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
