import net from 'node:net';
import { NoReply, ReplyTooLarge } from '../../harness/core/errors.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';

/**
 * The harness's listener for active data connections (PORT, EPRT): the server connects to it.
 * Accepting and reading both have deadlines and the read has a byte cap; the listener and
 * every accepted socket are closed when the callback ends, whatever happens.
 */
export class ActiveListener {
  private readonly accepted: net.Socket[] = [];
  private readonly waiters: ((socket: net.Socket) => void)[] = [];

  private constructor(
    private readonly io: RunIO,
    private readonly server: net.Server,
  ) {
    server.on('connection', (socket) => {
      socket.on('error', () => socket.destroy());
      const label = io.transcript.openConnection();
      this.labels.set(socket, label);
      io.transcript.event(`active data connection accepted from ${socket.remoteAddress}:${socket.remotePort}`, label);
      const waiter = this.waiters.shift();
      if (waiter) waiter(socket);
      else this.accepted.push(socket);
      this.sockets.add(socket);
    });
  }

  private readonly sockets = new Set<net.Socket>();
  private readonly labels = new Map<net.Socket, number>();

  /** Runs `use` with a listener on 127.0.0.1, then closes it and its connections. */
  static async with<T>(io: RunIO, use: (listener: ActiveListener) => Promise<T>): Promise<T> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const listener = new ActiveListener(io, server);
    try {
      return await use(listener);
    } finally {
      for (const socket of listener.sockets) socket.destroy();
      server.close();
    }
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** How many connections arrived so far. */
  get connections(): number {
    return this.sockets.size;
  }

  /** Waits for the server's data connection. */
  accept(timeoutMs = this.io.limits.readTimeoutMs): Promise<net.Socket> {
    const ready = this.accepted.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(onSocket), 1);
        reject(new NoReply('data connection from the server to the PORT/EPRT address', timeoutMs));
      }, timeoutMs);
      const onSocket = (socket: net.Socket): void => {
        clearTimeout(timer);
        resolve(socket);
      };
      this.waiters.push(onSocket);
    });
  }

  /** Reads an accepted connection until the server closes it. */
  readToEnd(socket: net.Socket, maxBytes: number, timeoutMs = this.io.limits.readTimeoutMs): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const timer = setTimeout(() => finish(new NoReply('the end of the active data connection (server close)', timeoutMs)), timeoutMs);
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        socket.removeAllListeners('data');
        if (error) {
          socket.destroy();
          reject(error);
        } else resolve(Buffer.concat(chunks));
      };
      socket.on('data', (chunk: Buffer) => {
        size += chunk.length;
        this.io.transcript.bytes('S', chunk, this.labels.get(socket));
        if (size > maxBytes) finish(new ReplyTooLarge('the active data connection', maxBytes));
        else chunks.push(chunk);
      });
      socket.once('end', () => finish());
      socket.once('close', () => finish());
    });
  }
}
