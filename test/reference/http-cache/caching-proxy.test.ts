import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import type { RunningServer } from '../../../harness/core/suite.ts';
import { CacheStore } from '../../../reference/http-cache/cache-store.ts';
import { startCachingProxy } from '../../../reference/http-cache/index.ts';

/** Sends raw bytes to the proxy and collects everything it answers until it closes (bounded). */
function converse(server: RunningServer, bytes: string | Buffer, endAfterMs = 1500): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(server.endpoint, () => socket.write(bytes));
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    const timer = setTimeout(() => socket.destroy(), endAfterMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => undefined);
  });
}

describe('reference caching proxy', () => {
  let proxy: RunningServer;
  // An upstream that answers every request with a cacheable 200 naming the target it received.
  const upstream = net.createServer((socket) => {
    socket.once('data', (chunk: Buffer) => {
      const target = chunk.toString('latin1').split(' ')[1] ?? '';
      socket.end(`HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: ${target.length}\r\n\r\n${target}`);
    });
    socket.on('error', () => undefined);
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
    const { port } = upstream.address() as net.AddressInfo;
    proxy = await startCachingProxy({ host: '127.0.0.1', port: 0, fixturesDir, origin: { host: '127.0.0.1', port } });
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it('forwards absolute-form requests to the host their URI names, with origin-form upstream', async () => {
    const { port } = upstream.address() as net.AddressInfo;
    const answer = await converse(proxy, `GET http://127.0.0.1:${port}/forward?x=1 HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer.endsWith('/forward?x=1')).toBe(true);
    expect(answer).toMatch(/\r\nVia: 1\.1 rfcheck-cache\r\n/);
  });

  it('refuses a malformed request with 400 and closes', async () => {
    const answer = await converse(proxy, 'NOT HTTP AT ALL\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('refuses an oversized header section and stays up', async () => {
    const answer = await converse(proxy, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(200_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 4\d\d /);
    const after = await converse(proxy, 'GET /still-up HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(after).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('survives random bytes', async () => {
    for (let i = 0; i < 20; i++) await converse(proxy, Buffer.from(Array.from({ length: 300 }, (_, j) => (i * 31 + j * 7) % 256)), 200);
    const after = await converse(proxy, 'GET /after-noise HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(after).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('cache store bounds', () => {
  const response = (body: string) => ({ status: 200, reason: 'OK', fields: [] as [string, string][], body: Buffer.from(body), requestTime: 0, responseTime: 0, varyValues: new Map<string, string | undefined>() });

  it('keeps at most its entry limit, dropping the least recently used', () => {
    const store = new CacheStore({ entries: 2, bytes: 1 << 20 });
    store.put('a', response('a'));
    store.put('b', response('b'));
    store.lookup('a', []);
    store.put('c', response('c'));
    expect(store.lookup('b', [])).toEqual([]);
    expect(store.lookup('a', [])).toHaveLength(1);
    expect(store.lookup('c', [])).toHaveLength(1);
  });

  it('keeps at most its byte limit and refuses a response larger than the whole store', () => {
    const store = new CacheStore({ entries: 100, bytes: 100 });
    store.put('huge', response('x'.repeat(200)));
    expect(store.lookup('huge', [])).toEqual([]);
    store.put('a', response('x'.repeat(60)));
    store.put('b', response('y'.repeat(60)));
    expect(store.lookup('a', [])).toEqual([]);
    expect(store.lookup('b', [])).toHaveLength(1);
  });
});
