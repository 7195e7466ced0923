import type net from 'node:net';
import { AnsweredError } from './answered-error.ts';

/** The client sent a line longer than the server accepts. */
export class LineTooLong extends AnsweredError {}
/** The client went away (close, reset, idle timeout) while the server waited for input. */
export class ClientGone extends AnsweredError {}

const maxSkippedBytes = 1 << 20;
/** An emptied buffer larger than this is given back rather than kept for the next command. */
const keptCapacity = 256 * 1024;

/**
 * Pull-style reads on a server socket: whole lines (with a byte cap) or an exact count of bytes
 * (IMAP literals). Pauses the socket while nobody is reading, so a client that floods the
 * server fills the kernel buffers, not our memory.
 *
 * Received bytes go into one buffer that doubles when full, so reading n bytes costs O(n)
 * copying however small the chunks come: a literal of 32 MiB arriving in 64 KiB chunks is
 * copied about twice, not once per chunk (which made it cost seconds of CPU). A line search
 * resumes where the last one stopped.
 */
export class SocketReader {
  private store: Buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  private ended = false;
  private waiter: (() => void) | undefined;

  constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.append(chunk);
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
    let scanned = 0;
    for (;;) {
      const lf = this.indexOfLineFeed(scanned);
      if (lf >= 0 && lf < limit) {
        const line = this.take(lf + 1);
        const cut = lf > 0 && line[lf - 1] === 0x0d ? lf - 1 : lf;
        return line.toString('latin1', 0, cut);
      }
      if (lf >= limit || this.buffered >= limit) {
        await this.skipPastLineFeed();
        throw new LineTooLong(`line longer than ${maxBytes} bytes`);
      }
      scanned = this.buffered;
      await this.more();
    }
  }

  /** Exactly `count` bytes. */
  async readBytes(count: number): Promise<Buffer> {
    while (this.buffered < count) await this.more();
    return Buffer.from(this.take(count));
  }

  /** True if more input is already buffered (a pipelining client). */
  get hasBuffered(): boolean {
    return this.buffered > 0;
  }

  private get buffered(): number {
    return this.end - this.start;
  }

  /** Where the first LF is, counted from the start of the buffered bytes; -1 if none. */
  private indexOfLineFeed(from: number): number {
    return this.store.subarray(this.start, this.end).indexOf(0x0a, from);
  }

  /** The first `count` buffered bytes (a view, valid until the next append), consumed. */
  private take(count: number): Buffer {
    const bytes = this.store.subarray(this.start, this.start + count);
    this.start += count;
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
      if (this.store.length > keptCapacity) this.store = Buffer.alloc(0);
    }
    return bytes;
  }

  private append(chunk: Buffer): void {
    const live = this.buffered;
    if (this.end + chunk.length > this.store.length) {
      if (live + chunk.length <= this.store.length / 2) {
        // At least half the buffer is free at its front: move the live bytes down.
        this.store.copyWithin(0, this.start, this.end);
      } else {
        const grown = Buffer.allocUnsafe(Math.max(this.store.length * 2, live + chunk.length, 4096));
        this.store.copy(grown, 0, this.start, this.end);
        this.store = grown;
      }
      this.start = 0;
      this.end = live;
    }
    chunk.copy(this.store, this.end);
    this.end += chunk.length;
  }

  /**
   * Drops the rest of an overlong line up to its LF, so the next read starts on a fresh line.
   * A client that never sends the LF is dropped after `maxSkippedBytes`.
   */
  private async skipPastLineFeed(): Promise<void> {
    let skipped = 0;
    for (;;) {
      const lf = this.indexOfLineFeed(0);
      if (lf >= 0) {
        this.take(lf + 1);
        return;
      }
      skipped += this.buffered;
      this.take(this.buffered);
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
