import net from 'node:net';
import path from 'node:path';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { type ReferenceHooks, serveConnection } from './connection.ts';
import { type RequestLimits, defaultRequestLimits } from './request-limits.ts';
import { openSite } from './site.ts';
import { listenOn } from '../listening.ts';

/**
 * The reference HTTP/1.1 origin server (RFC 9110, 9112; cookies after RFC 6265): serves a
 * docroot read-only, keeps PUT and POST uploads in a private overlay, parses requests strictly
 * with bounded sizes, and closes idle connections.
 */

export interface HttpServerOptions {
  host: string;
  /** 0 asks for an ephemeral port. */
  port: number;
  /** The folder served as `/`. */
  docroot: string;
  idleTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxConnections?: number;
  limits?: Partial<RequestLimits>;
  /** Planted bugs (fixtures/http/mutants); the reference never sets them. */
  hooks?: ReferenceHooks;
}

/** The fixture contract's docroot inside a fixtures folder. */
export function fixtureDocroot(fixturesDir: string): string {
  return path.join(fixturesDir, 'http', 'docroot');
}

/** Starts the server on any docroot (the perf and cache work reuse this). */
export async function startHttpServerOnDocroot(options: HttpServerOptions): Promise<RunningServer> {
  const site = await openSite(options.docroot);
  const settings = {
    limits: { ...defaultRequestLimits, ...options.limits },
    idleTimeoutMs: options.idleTimeoutMs ?? 15_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
    hooks: options.hooks ?? {},
  };
  const sockets = new Set<net.Socket>();
  const maxConnections = options.maxConnections ?? 4096;
  const server = net.createServer((socket) => {
    if (sockets.size >= maxConnections) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    serveConnection(socket, site, settings);
  });
  server.on('error', () => {});
  try {
    await listenOn(server, options.port, options.host);
  } catch (error) {
    await site.close();
    throw error;
  }
  const address = server.address() as net.AddressInfo;
  return {
    endpoint: { host: options.host, port: address.port },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await site.close();
    },
  };
}

/** The suite's reference: the fixture docroot of `fixturesDir`. */
export function startHttpServer(options: ServerStartOptions, hooks?: ReferenceHooks): Promise<RunningServer> {
  return startHttpServerOnDocroot({ host: options.host, port: options.port, docroot: fixtureDocroot(options.fixturesDir), hooks });
}
