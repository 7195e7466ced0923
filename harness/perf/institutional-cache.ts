import http from 'node:http';
import type net from 'node:net';
import type { Endpoint } from '../wire/limits.ts';
import { fetchOnce } from './http-fetch.ts';

/**
 * The web cache of the course's institutional network, in the harness until a caching proxy
 * reference exists: clients on the LAN ask it for a path; a hit is answered from memory, a
 * miss is fetched from the origin (through the access link) on a connection of its own, kept,
 * and answered. Only GET of whole objects; bounded in entries and bytes.
 */
export interface InstitutionalCache {
  endpoint: Endpoint;
  hits(): number;
  misses(): number;
  close(): Promise<void>;
}

const maxEntries = 10_000;
const maxCachedBytes = 256 * 1024 * 1024;

export async function startInstitutionalCache(origin: Endpoint, fetchTimeoutMs: number): Promise<InstitutionalCache> {
  const store = new Map<string, Buffer>();
  let storedBytes = 0;
  let hits = 0;
  let misses = 0;
  const server = http.createServer((request, response) => {
    const urlPath = request.url ?? '/';
    const cached = store.get(urlPath);
    if (request.method !== 'GET') {
      response.writeHead(405, { 'content-length': 0 }).end();
      return;
    }
    if (cached) {
      hits += 1;
      response.writeHead(200, { 'content-length': cached.length, 'x-cache': 'hit' }).end(cached);
      return;
    }
    misses += 1;
    fetchOnce(origin, urlPath, { timeoutMs: fetchTimeoutMs, keepBody: true }).then(
      (fetched) => {
        const body = fetched.body ?? Buffer.alloc(0);
        if (fetched.status === 200 && store.size < maxEntries && storedBytes + body.length <= maxCachedBytes) {
          store.set(urlPath, body);
          storedBytes += body.length;
        }
        response.writeHead(fetched.status, { 'content-length': body.length, 'x-cache': 'miss' }).end(body);
      },
      () => response.writeHead(502, { 'content-length': 0 }).end(),
    );
  });
  server.keepAliveTimeout = 5_000;
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port },
    hits: () => hits,
    misses: () => misses,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
