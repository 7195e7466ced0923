import net from 'node:net';
import { listenOn } from '../listening.ts';

/**
 * The server's end of FTP data connections. Passive: a listener on the control connection's
 * local address that accepts one connection, only from the client's own address (RFC 2577
 * §8, port stealing), within a deadline; past it the transfer command gets 425. The deadline
 * runs from PASV/EPSV on, and again from the transfer command: a listener the client never
 * connects to is closed then even while the control connection stays open. Active
 * (PORT/EPRT): a connect to the client's listener, also with a deadline.
 */
export class DataConnectionFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataConnectionFailed';
  }
}

export interface DataConnectionSource {
  /** Opens (or accepts) the data connection. */
  open(): Promise<net.Socket>;
  /** Releases the listener or the unused connection. */
  close(): void;
}

/** IPv4-mapped IPv6 (::ffff:a.b.c.d) and a.b.c.d are one host. */
export function plainAddress(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:/i, '');
}

export class PassiveListener implements DataConnectionSource {
  private accepted: net.Socket | undefined;
  private waiter: ((socket: net.Socket) => void) | undefined;
  private acceptTimer: NodeJS.Timeout | undefined;
  /** Fails a pending open() when the listener is closed under it (session end). */
  private abandon: (() => void) | undefined;

  private constructor(
    private readonly server: net.Server,
    private readonly clientAddress: string,
    private readonly acceptTimeoutMs: number,
  ) {
    server.on('connection', (socket) => this.onConnection(socket));
    server.on('error', () => server.close());
    this.acceptTimer = setTimeout(() => this.expire(), acceptTimeoutMs);
  }

  static async listen(host: string, clientAddress: string, acceptTimeoutMs: number): Promise<PassiveListener> {
    const server = net.createServer();
    await listenOn(server, 0, host);
    return new PassiveListener(server, plainAddress(clientAddress), acceptTimeoutMs);
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  open(): Promise<net.Socket> {
    if (this.accepted) return Promise.resolve(this.take());
    // Closed by the deadline that runs from PASV/EPSV, before any transfer command came.
    if (!this.server.listening) return Promise.reject(new DataConnectionFailed(`no data connection within ${this.acceptTimeoutMs} ms of PASV`));
    return new Promise((resolve, reject) => {
      clearTimeout(this.acceptTimer);
      this.acceptTimer = setTimeout(() => {
        this.waiter = undefined;
        this.close();
        reject(new DataConnectionFailed(`no data connection within ${this.acceptTimeoutMs} ms`));
      }, this.acceptTimeoutMs);
      this.waiter = (socket) => {
        clearTimeout(this.acceptTimer);
        resolve(socket);
      };
      this.abandon = () => reject(new DataConnectionFailed('the session ended before the data connection arrived'));
    });
  }

  close(): void {
    clearTimeout(this.acceptTimer);
    this.server.close();
    this.accepted?.destroy();
    this.accepted = undefined;
    const abandon = this.abandon;
    this.abandon = undefined;
    if (this.waiter) {
      this.waiter = undefined;
      abandon?.();
    }
  }

  /** The deadline from PASV/EPSV passed before any transfer command: stop listening. */
  private expire(): void {
    this.server.close();
  }

  private onConnection(socket: net.Socket): void {
    socket.on('error', () => socket.destroy());
    if (this.accepted || plainAddress(socket.remoteAddress) !== this.clientAddress) {
      socket.destroy();
      return;
    }
    clearTimeout(this.acceptTimer);
    this.accepted = socket;
    this.server.close();
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = undefined;
      this.abandon = undefined;
      waiter(this.take());
    }
  }

  private take(): net.Socket {
    const socket = this.accepted as net.Socket;
    this.accepted = undefined;
    return socket;
  }
}

export class ActiveConnector implements DataConnectionSource {
  private socket: net.Socket | undefined;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly connectTimeoutMs: number,
  ) {}

  open(): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.port });
      this.socket = socket;
      const timer = setTimeout(() => fail(new DataConnectionFailed(`connect to ${this.host}:${this.port} timed out`)), this.connectTimeoutMs);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(error instanceof DataConnectionFailed ? error : new DataConnectionFailed(error.message));
      };
      const closedEarly = (): void => fail(new DataConnectionFailed('the data connection was closed before it opened'));
      socket.once('error', fail);
      socket.once('close', closedEarly);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeListener('error', fail);
        socket.removeListener('close', closedEarly);
        socket.on('error', () => socket.destroy());
        resolve(socket);
      });
    });
  }

  close(): void {
    this.socket?.destroy();
  }
}
