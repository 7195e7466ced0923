import dgram from 'node:dgram';
import net from 'node:net';
import type { Endpoint } from '../../harness/wire/limits.ts';

/** How a query reached the server, so the answer can obey its transport's size rules. */
export interface QueryContext {
  transport: 'udp' | 'tcp';
  from: Endpoint;
}

export type DnsHandler = (query: Buffer, context: QueryContext) => Promise<Buffer | undefined>;

export interface DnsListener {
  endpoint: Endpoint;
  close(): Promise<void>;
}

/**
 * Planted bugs for fixtures/dns/mutants, off in the reference: answer UDP from another socket
 * (bound to `answerFrom`, port chosen by the system), close TCP after one answer, or read only
 * the first message of each TCP read.
 */
export interface ListenerFaults {
  answerFrom?: string;
  closeAfterAnswer?: boolean;
  oneQueryPerRead?: boolean;
  /** Closes every TCP connection as it arrives. */
  refuseTcp?: boolean;
}

export interface ListenOptions {
  host: string;
  port: number;
  /** A TCP connection with no complete query for this long is closed (RFC 7766 §6.2.3). */
  idleTimeoutMs?: number;
  /** At most this many TCP connections at once; more are closed on arrival. */
  maxConnections?: number;
  faults?: ListenerFaults;
}

/**
 * UDP and TCP on one port (RFC 1035 §4.2): each datagram is one query; on TCP each message
 * carries a two-byte length (§4.2.2), a connection may carry many queries and answers go back
 * in the order they are ready (RFC 7766 §6.2.1.1, §7). A read never grows beyond one message
 * (at most 65535 bytes plus its prefix); a hostile peer only ever costs its own connection.
 */
export async function listenDns(options: ListenOptions, handler: DnsHandler): Promise<DnsListener> {
  const idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
  const maxConnections = options.maxConnections ?? 4096;
  const family = net.isIPv6(options.host) ? 'udp6' : 'udp4';
  const sockets = new Set<net.Socket>();
  const faults = options.faults ?? {};
  const sideSocket = faults.answerFrom === undefined ? undefined : await bindSide(family, faults.answerFrom);

  const makeUdp = (): dgram.Socket => {
    const udp = dgram.createSocket(family);
    // An ICMP error for a vanished client must not stop the server.
    udp.on('error', () => {});
    udp.on('message', (query, sender) => {
      handler(query, { transport: 'udp', from: { host: sender.address, port: sender.port } })
        .then((answer) => {
          if (answer) (sideSocket ?? udp).send(answer, sender.port, sender.address);
        })
        .catch(() => {});
    });
    return udp;
  };

  const tcp = net.createServer((socket) => {
    if (sockets.size >= maxConnections || faults.refuseTcp) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(idleTimeoutMs, () => socket.destroy());
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2) {
        const length = buffered.readUInt16BE(0);
        if (buffered.length < 2 + length) break;
        const query = buffered.subarray(2, 2 + length);
        buffered = faults.oneQueryPerRead ? Buffer.alloc(0) : buffered.subarray(2 + length);
        handler(Buffer.from(query), { transport: 'tcp', from: { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 } })
          .then((answer) => {
            if (!answer || socket.destroyed) return;
            const prefix = Buffer.alloc(2);
            prefix.writeUInt16BE(answer.length);
            socket.write(Buffer.concat([prefix, answer]));
            if (faults.closeAfterAnswer) socket.end();
          })
          .catch(() => socket.destroy());
      }
    });
  });

  const { udp, port } = await bindBoth(makeUdp, tcp, options.host, options.port);
  return {
    endpoint: { host: options.host, port },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      const closing = [tcp, udp, ...(sideSocket ? [sideSocket] : [])].map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      await Promise.all(closing);
    },
  };
}

/** Binds UDP first (to learn an ephemeral port), then TCP on the same number, retrying a taken one. */
async function bindBoth(makeUdp: () => dgram.Socket, tcp: net.Server, host: string, port: number): Promise<{ udp: dgram.Socket; port: number }> {
  for (let attempt = 0; ; attempt++) {
    const udp = makeUdp();
    const bound = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(port, host, () => {
        udp.removeListener('error', reject);
        resolve(udp.address().port);
      });
    });
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(bound, host, () => {
          tcp.removeListener('error', reject);
          resolve();
        });
      });
      return { udp, port: bound };
    } catch (error) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if (port !== 0 || attempt >= 10) throw error;
    }
  }
}

async function bindSide(family: 'udp4' | 'udp6', host: string): Promise<dgram.Socket> {
  const socket = dgram.createSocket(family);
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  return socket;
}
