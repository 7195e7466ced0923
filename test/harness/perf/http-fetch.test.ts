import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionClosed, NoReply, ProtocolViolation, ReplyTooLarge } from '../../../harness/core/errors.ts';
import { HttpFetchConnection, fetchOnce } from '../../../harness/perf/http-fetch.ts';
import { scriptedServer } from '../../support/scripted-server.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server that answers every request's arrival with `reply` (once per data event). */
async function answering(reply: string | ((request: string) => string)) {
  const server = await scriptedServer((socket) =>
    socket.on('data', (data) => socket.write(typeof reply === 'string' ? reply : reply(data.toString('latin1')))),
  );
  cleanups.push(server.close);
  return { host: '127.0.0.1', port: server.port };
}

const limits = { timeoutMs: 2_000 };

describe('the perf HTTP client', () => {
  it('frames a response by Content-Length and counts the bytes the link carried', async () => {
    const endpoint = await answering('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello');
    const response = await fetchOnce(endpoint, '/x', { ...limits, keepBody: true });
    expect(response).toMatchObject({ status: 200, bodyBytes: 5, wireBytes: 43 });
    expect(response.body?.toString()).toBe('hello');
  });

  it('reads pipelined responses in order, even when they arrive in one piece', async () => {
    const endpoint = await answering((request) =>
      [...request.matchAll(/GET (\S+)/g)].map((m) => `HTTP/1.1 200 OK\r\ncontent-length : ${(m[1] as string).length}\r\n\r\n${m[1]}`).join(''),
    );
    const connection = await HttpFetchConnection.open(endpoint, { ...limits, keepBody: true });
    cleanups.push(async () => connection.close());
    connection.send(['/a', '/bb', '/ccc']);
    const bodies = [];
    for (let i = 0; i < 3; i++) bodies.push((await connection.next()).body?.toString());
    expect(bodies).toEqual(['/a', '/bb', '/ccc']);
  });

  it('reads a response without Content-Length to the close', async () => {
    const server = await scriptedServer((socket) => socket.once('data', () => socket.end('HTTP/1.0 200 OK\r\n\r\nall of it')));
    cleanups.push(server.close);
    const response = await fetchOnce({ host: '127.0.0.1', port: server.port }, '/', limits);
    expect(response.bodyBytes).toBe('all of it'.length);
  });

  it('fails, never hangs or grows, on a silent, flooding, closing or odd server', async () => {
    await expect(fetchOnce(await answering(''), '/', { timeoutMs: 150 })).rejects.toBeInstanceOf(NoReply);
    const flood = `HTTP/1.1 200 OK\r\n${'X-Pad: y\r\n'.repeat(200)}`;
    await expect(fetchOnce(await answering(flood), '/', { ...limits, maxHeaderBytes: 1024 })).rejects.toBeInstanceOf(ReplyTooLarge);
    await expect(fetchOnce(await answering('HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n' + 'x'.repeat(99)), '/', { ...limits, maxBodyBytes: 10 })).rejects.toBeInstanceOf(ReplyTooLarge);
    await expect(fetchOnce(await answering('SSH-2.0-nope\r\n\r\n'), '/', limits)).rejects.toBeInstanceOf(ProtocolViolation);
    await expect(fetchOnce(await answering('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'), '/', limits)).rejects.toThrow(/chunked/);
    const closing = await scriptedServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort')));
    cleanups.push(closing.close);
    await expect(fetchOnce({ host: '127.0.0.1', port: closing.port }, '/', limits)).rejects.toBeInstanceOf(ConnectionClosed);
  });
});
