import http from 'node:http';
import type net from 'node:net';
import type { Endpoint } from '../wire/limits.ts';
import { perfPathBody } from './page-objects.ts';

/**
 * A minimal origin for the HTTP scenarios when no HTTP reference is available: node's HTTP/1.1
 * server (persistent connections, pipelined requests answered in order) serving the perf page
 * and objects of page-objects.ts from memory, and 404 for anything else.
 */
export async function startPerfOrigin(host = '127.0.0.1'): Promise<{ endpoint: Endpoint; close: () => Promise<void> }> {
  const cache = new Map<string, Buffer>();
  const server = http.createServer((request, response) => {
    const urlPath = (request.url ?? '/').split('?')[0] ?? '/';
    let body = cache.get(urlPath);
    if (!body) {
      body = perfPathBody(urlPath);
      if (body && cache.size < 256) cache.set(urlPath, body);
    }
    if (!body || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(body ? 405 : 404, { 'content-length': 0 }).end();
      return;
    }
    const type = urlPath.endsWith('.html') ? 'text/html' : 'application/octet-stream';
    response.writeHead(200, { 'content-type': type, 'content-length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;
  return {
    endpoint: { host, port: address.port },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
