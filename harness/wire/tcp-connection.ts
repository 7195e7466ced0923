import net from 'node:net';
import { ConnectionClosed, NoReply, ReplyTooLarge, TargetUnreachable } from '../core/errors.ts';
import { type Endpoint, type WireLimits, defaultWireLimits, formatEndpoint } from './limits.ts';
import { ReceiveBuffer } from './receive-buffer.ts';
import { Transcript } from './transcript.ts';
import { Wakeup } from './wakeup.ts';

export interface TcpOpenOptions {
  limits?: Partial<WireLimits>;
  transcript?: Transcript;
  /** Aborting closes the connection and fails any pending read. */
  signal?: AbortSignal;
}

export interface Line {
  /** The line without its terminator. */
  text: string;
  /** How the line ended: CRLF or a bare LF. */
  terminator: 'CRLF' | 'LF';
}

interface ReadOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

/**
 * A TCP client connection whose every read has a deadline and a byte cap, and whose every byte
 * is written into a transcript. Reads consume from an internal buffer, so framing (lines,
 * exact counts, until-close) can be mixed on one connection.
 */
export class TcpConnection {
  private readonly received = new ReceiveBuffer();
  private peerEnded = false;
  private peerReset = false;
  private closedByUs = false;
  private readonly wakeup = new Wakeup();
  private readonly limits: WireLimits;
  private readonly label: number;
  private receivedTotal = 0;
  private overBudget = false;
  /** Bytes kept buffered at most (the largest cap any read asked for); the rest is dropped. */
  private retainCap: number;

  private constructor(
    private readonly socket: net.Socket,
    readonly transcript: Transcript,
    limits: WireLimits,
    signal?: AbortSignal,
  ) {
    this.limits = limits;
    this.retainCap = limits.maxReplyBytes;
    this.label = transcript.openConnection();
    socket.on('data', (chunk: Buffer) => {
      this.receivedTotal += chunk.length;
      if (this.receivedTotal > this.limits.maxConnectionBytes) {
        this.overBudget = true;
        this.transcript.event(`connection closed by the harness: more than ${this.limits.maxConnectionBytes} bytes received`, this.label);
        this.close();
        return;
      }
      this.transcript.bytes('S', chunk, this.label);
      // Keep at most cap + 1 bytes beyond what a read could ask for; the overflow is detected by
      // the pending read, never buffered without bound.
      if (this.received.length <= this.retainCap) this.received.append(chunk);
      this.wakeup.notify();
    });
    socket.on('end', () => {
      this.peerEnded = true;
      if (!this.closedByUs) this.transcript.event('connection closed by target (FIN)', this.label);
      this.wakeup.notify();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!this.closedByUs) {
        this.peerReset = true;
        this.transcript.event(`connection error: ${error.code ?? error.message}`, this.label);
      }
      this.wakeup.notify();
    });
    socket.on('close', () => {
      this.peerEnded = true;
      this.wakeup.notify();
    });
    if (signal) {
      const onAbort = (): void => this.close();
      signal.addEventListener('abort', onAbort, { once: true });
      socket.once('close', () => signal.removeEventListener('abort', onAbort));
    }
  }

  static async open(endpoint: Endpoint, options: TcpOpenOptions = {}): Promise<TcpConnection> {
    const limits = { ...defaultWireLimits, ...options.limits };
    const transcript = options.transcript ?? new Transcript();
    if (options.signal?.aborted) throw new TargetUnreachable('run aborted before connecting');
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect({ host: endpoint.host, port: endpoint.port });
      s.setNoDelay(true);
      const timer = setTimeout(() => {
        s.destroy();
        reject(new TargetUnreachable(`connect to ${formatEndpoint(endpoint)} timed out after ${limits.readTimeoutMs} ms`));
      }, limits.readTimeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        resolve(s);
      });
      s.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new TargetUnreachable(`cannot connect to ${formatEndpoint(endpoint)}: ${error.code ?? error.message}`));
      });
    });
    // Aborted while connecting: an abort listener added now would never fire.
    if (options.signal?.aborted) {
      socket.destroy();
      throw new TargetUnreachable('run aborted while connecting');
    }
    const connection = new TcpConnection(socket, transcript, limits, options.signal);
    transcript.event(`connected to ${formatEndpoint(endpoint)}`, connection.label);
    return connection;
  }

  get localPort(): number {
    return this.socket.localPort ?? 0;
  }

  /** Bytes received so far on this connection, buffered or consumed. */
  get bytesReceived(): number {
    return this.receivedTotal;
  }

  /** Bytes received but not yet consumed by a read. */
  get pending(): Buffer {
    return this.received.view();
  }

  async write(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
    this.transcript.bytes('C', bytes, this.label);
    if (this.socket.destroyed || this.socket.writableEnded) {
      throw new ConnectionClosed('the harness to send its request');
    }
    await new Promise<void>((resolve) => {
      // A write to a peer that has reset surfaces as an 'error' event (recorded above); the read
      // that follows reports it, so a failed write is not itself an exception here.
      this.socket.write(bytes, () => resolve());
    });
  }

  /** Half-closes: sends FIN, keeps reading. */
  endWrite(): void {
    this.transcript.event('harness half-closed (FIN)', this.label);
    this.socket.end();
  }

  close(): void {
    if (this.closedByUs) return;
    this.closedByUs = true;
    this.socket.destroy();
    this.wakeup.notify();
  }

  /** Reads one line ending in LF; reports whether it was CRLF or a bare LF. */
  async readLine(what = 'a line', options: ReadOptions = {}): Promise<Line> {
    const end = await this.waitFor(what, options, (buffer) => {
      const index = buffer.indexOf(0x0a);
      return index < 0 ? undefined : index + 1;
    });
    const raw = this.take(end);
    const crlf = raw.length >= 2 && raw[raw.length - 2] === 0x0d;
    return {
      text: raw.subarray(0, raw.length - (crlf ? 2 : 1)).toString('latin1'),
      terminator: crlf ? 'CRLF' : 'LF',
    };
  }

  /** Reads up to and including `delimiter`. */
  async readUntil(delimiter: string | Uint8Array, what = 'a delimited reply', options: ReadOptions = {}): Promise<Buffer> {
    const needle = typeof delimiter === 'string' ? Buffer.from(delimiter, 'latin1') : Buffer.from(delimiter);
    const end = await this.waitFor(what, options, (buffer) => {
      const index = buffer.indexOf(needle);
      return index < 0 ? undefined : index + needle.length;
    });
    return this.take(end);
  }

  /** Reads exactly `count` bytes. */
  async readExactly(count: number, what = `${count} bytes`, options: ReadOptions = {}): Promise<Buffer> {
    const maxBytes = Math.max(options.maxBytes ?? this.limits.maxReplyBytes, count);
    const end = await this.waitFor(what, { ...options, maxBytes }, (buffer) => (buffer.length >= count ? count : undefined));
    return this.take(end);
  }

  /** Reads everything until the target closes the connection. */
  async readToEnd(what = 'the rest of the reply until close', options: ReadOptions = {}): Promise<Buffer> {
    const end = await this.waitFor(what, options, (buffer) => (this.peerEnded ? buffer.length : undefined));
    return this.take(end);
  }

  /**
   * Waits up to `timeoutMs` for the target to close; returns true if it did. Data that arrives
   * meanwhile stays buffered for later reads.
   */
  async waitForClose(timeoutMs = this.limits.readTimeoutMs): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.peerEnded) {
      const left = deadline - Date.now();
      if (left <= 0 || this.closedByUs) return this.peerEnded;
      await this.wakeup.sleep(left);
    }
    return true;
  }

  /** Waits `ms` and returns whatever arrived meanwhile, without consuming it. */
  async collectFor(ms: number): Promise<Buffer> {
    const deadline = Date.now() + ms;
    while (!this.peerEnded && !this.closedByUs) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await this.wakeup.sleep(left);
    }
    return this.received.view();
  }

  get closedByTarget(): boolean {
    return this.peerEnded || this.peerReset;
  }

  /** Open both ways, within its budget, nothing received that a read has not consumed. */
  get isIdle(): boolean {
    return !this.closedByUs && !this.closedByTarget && !this.overBudget && !this.socket.destroyed && this.received.length === 0;
  }

  private take(count: number): Buffer {
    return this.received.take(count);
  }

  private async waitFor(
    what: string,
    options: ReadOptions,
    complete: (buffer: Buffer) => number | undefined,
  ): Promise<number> {
    const timeoutMs = options.timeoutMs ?? this.limits.readTimeoutMs;
    const maxBytes = options.maxBytes ?? this.limits.maxReplyBytes;
    this.retainCap = Math.max(this.retainCap, maxBytes);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = complete(this.received.view());
      if (end !== undefined && end <= maxBytes) return end;
      if (this.received.length > maxBytes || (end !== undefined && end > maxBytes)) {
        this.close();
        throw new ReplyTooLarge(what, maxBytes);
      }
      if (this.overBudget) throw new ReplyTooLarge(`${what} (the connection's whole budget)`, this.limits.maxConnectionBytes);
      if (this.closedByUs) throw new ConnectionClosed(what);
      if (this.peerEnded || this.peerReset) {
        throw new ConnectionClosed(what, this.peerReset ? 'reset' : 'closed');
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        this.transcript.event(`no ${what} within ${timeoutMs} ms`, this.label);
        throw new NoReply(what, timeoutMs);
      }
      await this.wakeup.sleep(left);
    }
  }

}
