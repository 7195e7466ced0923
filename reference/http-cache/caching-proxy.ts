import net from 'node:net';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { RequestReader } from '../http/request-reader.ts';
import { defaultRequestLimits } from '../http/request-limits.ts';
import { type Upstream, CacheHandler } from './cache-handler.ts';
import { CacheStore } from './cache-store.ts';
import type { ProxyFault } from './faults.ts';
import { errorResponse, serialiseResponse } from './response-writer.ts';
import { listenOn } from '../listening.ts';

/**
 * The reference web cache: an HTTP/1.1 proxy that listens for clients, answers from its store
 * when it may and fetches from the next hop otherwise. Origin-form requests go to the origin it
 * fronts (reverse-proxy mode); absolute-form ones to the host their URI names (forward mode).
 * Requests on one connection are answered one at a time, in order.
 */

/** Where the reverse mode sends requests: the origin the rfcheck harness plays. */
export const defaultOrigin: Upstream = { host: '127.0.0.1', port: 48111 };

const idleTimeoutMs = 15_000;
const limits = { ...defaultRequestLimits, bodyBytes: 1024 * 1024 };

export interface CachingProxyOptions extends ServerStartOptions {
  origin?: Upstream;
  fault?: ProxyFault;
}

export async function startCachingProxy(options: CachingProxyOptions): Promise<RunningServer> {
  const handler = new CacheHandler(options.origin ?? defaultOrigin, new CacheStore(), options.fault);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveClient(socket, handler);
  });
  const port = await listenOn(server, options.port, options.host);
  return {
    endpoint: { host: options.host, port },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveClient(socket: net.Socket, handler: CacheHandler): void {
  const reader = new RequestReader(limits);
  let busy = false;
  socket.setTimeout(idleTimeoutMs, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  const pump = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      for (let step = reader.next(); step.kind !== 'incomplete' && !socket.destroyed; step = reader.next()) {
        if (step.kind === 'error') {
          socket.end(serialiseResponse(errorResponse(step.error.status, step.error.reason), false));
          return;
        }
        const { method, target, fields, body } = step.request;
        const response = await handler.handle({ method, target, fields: fields.map((f): [string, string] => [f.name, f.value]), body }).catch(() => errorResponse(500, 'Internal Server Error'));
        if (socket.destroyed) return;
        socket.write(serialiseResponse(response, step.request.method === 'HEAD'));
        const closing = response.fields.some(([n, v]) => n.toLowerCase() === 'connection' && /close/i.test(v))
          || step.request.fields.some(({ name, value }) => name === 'connection' && /close/i.test(value));
        if (closing) {
          socket.end();
          return;
        }
      }
    } finally {
      busy = false;
    }
  };
  socket.on('data', (chunk: Buffer) => {
    reader.push(chunk);
    if (reader.buffered > limits.headerSectionBytes + limits.bodyBytes) {
      socket.end(serialiseResponse(errorResponse(413, 'Content Too Large'), false));
      return;
    }
    void pump();
  });
}
