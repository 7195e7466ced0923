import { EventEmitter } from 'node:events';
import type net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientGone, LineTooLong, SocketReader } from '../../../reference/mailbox-access/socket-reader.ts';

/** A socket stand-in: the test hands the reader chunks exactly as it chooses. */
function fakeSocket(): net.Socket & EventEmitter {
  return Object.assign(new EventEmitter(), { pause: () => undefined, resume: () => undefined }) as unknown as net.Socket & EventEmitter;
}

/** Bytes the reader allocates through Buffer.allocUnsafe (Buffer.concat allocates that way too). */
function countAllocatedBytes(): () => number {
  const original = Buffer.allocUnsafe.bind(Buffer);
  let total = 0;
  vi.spyOn(Buffer, 'allocUnsafe').mockImplementation((size: number) => {
    total += size;
    return original(size);
  });
  return () => total;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('SocketReader', () => {
  it('reads a large literal arriving in small chunks with linear copying, not one copy of everything per chunk', async () => {
    const socket = fakeSocket();
    const reader = new SocketReader(socket);
    const total = 4 * 1024 * 1024;
    const chunk = 16 * 1024;
    const allocated = countAllocatedBytes();
    const reading = reader.readBytes(total);
    for (let i = 0; i < total / chunk; i++) socket.emit('data', Buffer.alloc(chunk, i % 251));
    const bytes = await reading;
    expect(bytes.length).toBe(total);
    expect(bytes[total - 1]).toBe((total / chunk - 1) % 251);
    // Joining on every chunk allocates about total²/(2·chunk) = 512 MiB here.
    expect(allocated()).toBeLessThanOrEqual(4 * total);
  });

  it('finds a line sent one byte at a time without rejoining the bytes already seen', async () => {
    const socket = fakeSocket();
    const reader = new SocketReader(socket);
    const line = Buffer.from(`${'a'.repeat(60_000)}\r\n`);
    const allocated = countAllocatedBytes();
    const reading = reader.readLine(64 * 1024);
    for (const byte of line) socket.emit('data', Buffer.from([byte]));
    expect(await reading).toBe('a'.repeat(60_000));
    expect(allocated()).toBeLessThanOrEqual(4 * line.length);
  });

  it('keeps lines, literals and the rest of the stream in order across chunk boundaries', async () => {
    const socket = fakeSocket();
    const reader = new SocketReader(socket);
    const wire = Buffer.from('a1 APPEND INBOX {5}\r\nhello\r\nnext\nrest');
    for (let i = 0; i < wire.length; i += 3) socket.emit('data', wire.subarray(i, i + 3));
    expect(await reader.readLine(100)).toBe('a1 APPEND INBOX {5}');
    expect((await reader.readBytes(5)).toString()).toBe('hello');
    expect(await reader.readLine(100)).toBe('');
    expect(await reader.readLine(100)).toBe('next');
    expect(reader.hasBuffered).toBe(true);
    expect((await reader.readBytes(4)).toString()).toBe('rest');
    socket.emit('end');
    await expect(reader.readLine(100)).rejects.toThrow(ClientGone);
  });

  it('skips an overlong line and reads the next one', async () => {
    const socket = fakeSocket();
    const reader = new SocketReader(socket);
    socket.emit('data', Buffer.from(`${'x'.repeat(300)}\r\nshort\r\n`));
    await expect(reader.readLine(100)).rejects.toThrow(LineTooLong);
    expect(await reader.readLine(100)).toBe('short');
  });
});
