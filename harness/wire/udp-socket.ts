import dgram from 'node:dgram';
import net from 'node:net';
import { NoReply, ReplyTooLarge, TargetUnreachable } from '../core/errors.ts';
import { type Endpoint, type WireLimits, defaultWireLimits } from './limits.ts';
import { Transcript } from './transcript.ts';
import { Wakeup } from './wakeup.ts';

export interface Datagram {
  data: Buffer;
  from: Endpoint;
}

/** At most this many datagrams wait unread; a flood beyond it is dropped and counted. */
const queueCap = 1024;

/**
 * A UDP socket for request/response exchanges. Every receive has a deadline; datagrams larger
 * than the byte cap fail the read; the queue of unread datagrams is bounded.
 */
export class UdpSocket {
  private queue: Datagram[] = [];
  private dropped = 0;
  private readonly wakeup = new Wakeup();
  private closed = false;
  private receivedTotal = 0;
  private overBudget = false;
  private readonly label: number;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly transcript: Transcript,
    private readonly limits: WireLimits,
  ) {
    this.label = transcript.openConnection();
    socket.on('message', (data, rinfo) => {
      this.receivedTotal += data.length;
      if (this.receivedTotal > this.limits.maxConnectionBytes) {
        if (!this.closed) this.transcript.event(`socket closed by the harness: more than ${this.limits.maxConnectionBytes} bytes received`, this.label);
        this.overBudget = true;
        this.close();
        return;
      }
      // Node hands each datagram over in a buffer of its own: the transcript need not copy it.
      this.transcript.bytes('S', data, this.label, true);
      if (this.queue.length >= queueCap) {
        this.dropped += 1;
        return;
      }
      this.queue.push({ data, from: { host: rinfo.address, port: rinfo.port } });
      this.wakeup.notify();
    });
    socket.on('error', (error) => {
      this.transcript.event(`udp error: ${error.message}`, this.label);
      this.wakeup.notify();
    });
  }

  static async open(
    options: { family?: 4 | 6; bindHost?: string; limits?: Partial<WireLimits>; transcript?: Transcript; signal?: AbortSignal } = {},
  ): Promise<UdpSocket> {
    const family = options.family ?? 4;
    const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, options.bindHost ?? (family === 6 ? '::1' : '127.0.0.1'), () => {
        socket.removeListener('error', reject);
        resolve();
      });
    });
    const signal = options.signal;
    // Aborted while binding (a check that outlived its run): an abort listener would never fire.
    if (signal?.aborted) {
      socket.close();
      throw new TargetUnreachable('run aborted before the socket was ready');
    }
    const udp = new UdpSocket(socket, options.transcript ?? new Transcript(), { ...defaultWireLimits, ...options.limits });
    if (signal) {
      const onAbort = (): void => udp.close();
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('close', () => signal.removeEventListener('abort', onAbort));
    }
    return udp;
  }

  /** Opens a socket of the family that reaches `endpoint`. */
  static forEndpoint(
    endpoint: Endpoint,
    options: { bindHost?: string; limits?: Partial<WireLimits>; transcript?: Transcript; signal?: AbortSignal } = {},
  ): Promise<UdpSocket> {
    return UdpSocket.open({ ...options, family: net.isIPv6(endpoint.host) ? 6 : 4 });
  }

  get localPort(): number {
    return this.socket.address().port;
  }

  get droppedDatagrams(): number {
    return this.dropped;
  }

  get isOpen(): boolean {
    return !this.closed && !this.overBudget;
  }

  /** Drops the datagrams no read has taken (noted in the transcript); a new exchange starts clean. */
  discardUnread(): void {
    if (this.queue.length === 0) return;
    this.transcript.event(`${this.queue.length} unread datagram(s) dropped before the next query`, this.label);
    this.queue = [];
  }

  async send(data: string | Uint8Array, to: Endpoint): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.isBuffer(data) ? data : Buffer.from(data);
    this.transcript.bytes('C', bytes, this.label);
    await new Promise<void>((resolve, reject) => {
      this.socket.send(bytes, to.port, to.host, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Receives the next datagram from anyone; fails after the deadline or past the byte cap. */
  async receive(what = 'a datagram', options: { timeoutMs?: number; maxBytes?: number } = {}): Promise<Datagram> {
    const timeoutMs = options.timeoutMs ?? this.limits.readTimeoutMs;
    const maxBytes = options.maxBytes ?? this.limits.maxReplyBytes;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.overBudget) throw new ReplyTooLarge(`${what} (the socket's whole budget)`, this.limits.maxConnectionBytes);
      const next = this.queue.shift();
      if (next) {
        if (next.data.length > maxBytes) throw new ReplyTooLarge(what, maxBytes);
        return next;
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.closed) {
        this.transcript.event(`no ${what} within ${timeoutMs} ms`, this.label);
        throw new NoReply(what, timeoutMs);
      }
      await this.wakeup.sleep(left);
    }
  }

  /** Waits `ms` and returns every datagram that arrived meanwhile (used to prove silence). */
  async collectFor(ms: number): Promise<Datagram[]> {
    const deadline = Date.now() + ms;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await this.wakeup.sleep(left);
    }
    const all = this.queue;
    this.queue = [];
    return all;
  }


  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
    this.wakeup.notify();
  }

}
