import type net from 'node:net';
import { Duplex } from 'node:stream';
import type { FrameRelay } from './frame-relay.ts';

/** What the relay needs of the socket underneath: a net.Socket, or another relay. */
export type SocketLike = Duplex & Pick<net.Socket, 'setTimeout' | 'setNoDelay' | 'setKeepAlive' | 'remoteAddress' | 'remotePort'>;

/**
 * A client socket seen through a stream that replays the octets already read from it. node:http
 * and node:http2 read a raw socket from its native handle, so octets read to sniff the protocol
 * (or, for an upgrade, rewritten) cannot be put back with unshift; this relay hands them over
 * first. `rewrite` sees every incoming chunk and returns what to pass on; a frame relay, if
 * given, then sees both directions frame by frame.
 */
export class RelayedSocket extends Duplex {
  constructor(
    private readonly socket: SocketLike,
    firstBytes: Buffer,
    rewrite: (chunk: Buffer) => Buffer = (chunk) => chunk,
    private readonly relay?: FrameRelay,
  ) {
    super();
    const deliver = (chunk: Buffer): void => {
      const rewritten = rewrite(chunk);
      const out = relay ? relay.clientBytes(rewritten) : rewritten;
      if (out.length > 0 && !this.push(out)) socket.pause();
    };
    socket.on('data', deliver);
    socket.on('end', () => this.push(null));
    socket.on('close', () => this.destroy());
    if (firstBytes.length > 0) deliver(firstBytes);
  }

  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  /** node:http arms idle timers through the socket it is given. */
  setTimeout(ms: number, callback?: () => void): this {
    this.socket.setTimeout(ms, callback);
    return this;
  }

  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  setKeepAlive(enable?: boolean, delay?: number): this {
    this.socket.setKeepAlive(enable, delay);
    return this;
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.relay) {
      this.socket.write(chunk, callback);
      return;
    }
    const out = this.relay.serverBytes(chunk);
    if (out.length > 0) this.socket.write(out);
    if (this.relay.closing) this.socket.end();
    callback();
  }

  override _final(callback: () => void): void {
    this.socket.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.destroy();
    callback(error);
  }
}
