import type net from 'node:net';

/** The client sent a line longer than the server accepts. */
export class LineTooLong extends Error {}
/** The client went away (close, reset, idle timeout) while the server waited for input. */
export class ClientGone extends Error {}

const maxSkippedBytes = 1 << 20;

/**
 * Pull-style reads on a server socket: whole lines (with a byte cap) or an exact count of bytes
 * (IMAP literals). Pauses the socket while nobody is reading, so a client that floods the
 * server fills the kernel buffers, not our memory.
 */
export class SocketReader {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private waiter: (() => void) | undefined;

  constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      socket.pause();
      this.wake();
    });
    const end = (): void => {
      this.ended = true;
      this.wake();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  /** The next line without its CRLF (or bare LF), as latin1 text; at most `maxBytes` long. */
  async readLine(maxBytes: number): Promise<string> {
    const limit = maxBytes + 2;
    for (;;) {
      const lf = this.buffer.indexOf(0x0a);
      if (lf >= 0 && lf < limit) {
        const line = this.buffer.subarray(0, lf > 0 && this.buffer[lf - 1] === 0x0d ? lf - 1 : lf);
        this.buffer = this.buffer.subarray(lf + 1);
        return line.toString('latin1');
      }
      if (lf >= limit || this.buffer.length >= limit) {
        await this.skipPastLineFeed();
        throw new LineTooLong(`line longer than ${maxBytes} bytes`);
      }
      await this.more();
    }
  }

  /** Exactly `count` bytes. */
  async readBytes(count: number): Promise<Buffer> {
    while (this.buffer.length < count) await this.more();
    const bytes = Buffer.from(this.buffer.subarray(0, count));
    this.buffer = this.buffer.subarray(count);
    return bytes;
  }

  /** True if more input is already buffered (a pipelining client). */
  get hasBuffered(): boolean {
    return this.buffer.length > 0;
  }

  /**
   * Drops the rest of an overlong line up to its LF, so the next read starts on a fresh line.
   * A client that never sends the LF is dropped after `maxSkippedBytes`.
   */
  private async skipPastLineFeed(): Promise<void> {
    let skipped = 0;
    for (;;) {
      const lf = this.buffer.indexOf(0x0a);
      if (lf >= 0) {
        this.buffer = this.buffer.subarray(lf + 1);
        return;
      }
      skipped += this.buffer.length;
      this.buffer = Buffer.alloc(0);
      if (skipped > maxSkippedBytes) throw new ClientGone('endless line');
      await this.more();
    }
  }

  private async more(): Promise<void> {
    if (this.ended) throw new ClientGone('client went away');
    await new Promise<void>((resolve) => {
      this.waiter = resolve;
      this.socket.resume();
    });
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
