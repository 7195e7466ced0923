import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { connectionPreface } from '../../specs/http2/frame.ts';
import { docrootOf, lookUp } from './docroot.ts';
import { decodeHttp2Settings, upgradedRequestFields, upgradedStream } from './h2c-upgrade.ts';
import { FrameGuard } from './frame-guard.ts';
import { FrameRelay, type FrameTap } from './frame-relay.ts';
import { RelayedSocket, type SocketLike } from './relayed-socket.ts';
import { listenOn } from '../listening.ts';

const idleTimeoutMs = 10_000;
/** How long a new connection may take to show whether it speaks HTTP/2 or HTTP/1.1. */
const prefaceTimeoutMs = 10_000;
const maxConcurrentStreams = 100;

/**
 * The HTTP/2 reference: cleartext HTTP/2 (h2c) on one port, by prior knowledge (the client
 * starts with the connection preface) or by Upgrade from an HTTP/1.1 request; any other
 * HTTP/1.1 request is answered in HTTP/1.1 (keep-alive and pipelining included). Frames and
 * HPACK are nghttp2's, inside node:http2; this file routes connections and serves the docroot.
 */
/**
 * `plantedFault` is the mutants' hook (fixtures/http2/mutants): it makes a tap for each HTTP/2
 * connection that sees the frames before the reference's guard and after it. The reference
 * itself is started without one.
 */
export async function startHttp2Server(options: ServerStartOptions, plantedFault?: () => FrameTap): Promise<RunningServer> {
  const root = docrootOf(options.fixturesDir);
  const sockets = new Set<net.Socket>();
  /** Every HTTP/2 connection runs through the reference's frame guard (and a mutant's fault, if any). */
  const relayFor = (socket: SocketLike): FrameRelay =>
    new FrameRelay(plantedFault ? [plantedFault(), new FrameGuard()] : [new FrameGuard()], (bytes) => socket.destroyed || socket.write(bytes), () => socket.end());

  const h2 = http2.createServer({
    settings: { maxConcurrentStreams, enablePush: false },
  });
  h2.on('session', (session) => {
    session.on('error', () => {});
    session.setTimeout(idleTimeoutMs, () => session.destroy());
  });
  h2.on('stream', (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => {
    stream.on('error', () => {});
    const method = String(headers[':method'] ?? '');
    void lookUp(root, method, String(headers[':path'] ?? '/')).then((reply) => {
      if (stream.destroyed || stream.closed) return;
      stream.respond({ ':status': reply.status, 'content-type': reply.contentType, 'content-length': reply.body.length });
      stream.end(method === 'HEAD' ? undefined : reply.body);
    });
  });

  const h1 = http.createServer({ keepAlive: true, requestTimeout: idleTimeoutMs, headersTimeout: idleTimeoutMs }, (request, response) => {
    request.resume();
    void serveHttp1(root, request, response);
  });
  h1.keepAliveTimeout = idleTimeoutMs;
  h1.on('clientError', (_error, socket) => socket.destroy());
  h1.on('upgrade', (request: http.IncomingMessage, socket: SocketLike, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const settings = h2cSettings(request);
    if (settings === undefined) {
      void answerDeclinedUpgrade(root, request, socket);
      return;
    }
    socket.write('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n');
    const fields = upgradedRequestFields(request.method ?? 'GET', request.url ?? '/', request.rawHeaders);
    h2.emit('connection', upgradedStream(socket, head, settings, fields, relayFor(socket)));
  });

  // No Nagle delay: a response's frames go out as nghttp2 writes them.
  const server = net.createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    routeByPreface(socket, (isHttp2, seen) => {
      if (isHttp2) h2.emit('connection', new RelayedSocket(socket, seen, undefined, relayFor(socket)));
      else h1.emit('connection', new RelayedSocket(socket, seen));
    });
  });
  const port = await listenOn(server, options.port, options.host);
  return {
    endpoint: { host: options.host, port },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        h1.close();
        h2.close();
        server.close(() => resolve());
      }),
  };
}

/**
 * Reads until the first octets either match or leave the HTTP/2 magic, puts them back, and says
 * which protocol the client speaks. A client that says nothing is dropped after a while.
 */
function routeByPreface(socket: net.Socket, route: (isHttp2: boolean, seen: Buffer) => void): void {
  let seen = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), prefaceTimeoutMs);
  const onData = (chunk: Buffer): void => {
    seen = Buffer.concat([seen, chunk]);
    const compared = Math.min(seen.length, connectionPreface.length);
    const matches = seen.subarray(0, compared).equals(connectionPreface.subarray(0, compared));
    if (matches && compared < connectionPreface.length) return;
    clearTimeout(timer);
    socket.removeListener('data', onData);
    route(matches, seen);
  };
  socket.on('data', onData);
  socket.on('close', () => clearTimeout(timer));
}

/**
 * The HTTP2-Settings payload of a valid h2c upgrade request, else undefined: Upgrade names h2c,
 * Connection names Upgrade and HTTP2-Settings, exactly one HTTP2-Settings field holds a SETTINGS
 * payload (RFC 7540 §3.2.1), and the request has no content.
 */
function h2cSettings(request: http.IncomingMessage): Buffer | undefined {
  const upgrade = String(request.headers.upgrade ?? '').split(',').map((t) => t.trim().toLowerCase());
  const connection = String(request.headers.connection ?? '').split(',').map((t) => t.trim().toLowerCase());
  const settingsFields = request.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === 'http2-settings');
  if (!upgrade.includes('h2c') || !connection.includes('upgrade') || !connection.includes('http2-settings')) return undefined;
  if (settingsFields.length !== 1) return undefined;
  if (request.headers['content-length'] && request.headers['content-length'] !== '0') return undefined;
  if (request.headers['transfer-encoding']) return undefined;
  return decodeHttp2Settings(String(request.headers['http2-settings'] ?? ''));
}

async function serveHttp1(root: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const reply = await lookUp(root, request.method ?? 'GET', request.url ?? '/');
  response.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': reply.body.length });
  response.end(request.method === 'HEAD' ? undefined : reply.body);
}

/** An Upgrade the server declines is answered as the plain HTTP/1.1 request it also is. */
async function answerDeclinedUpgrade(root: string, request: http.IncomingMessage, socket: Duplex): Promise<void> {
  const reply = await lookUp(root, request.method ?? 'GET', request.url ?? '/');
  const head = `HTTP/1.1 ${reply.status} ${http.STATUS_CODES[reply.status] ?? ''}\r\ncontent-type: ${reply.contentType}\r\ncontent-length: ${reply.body.length}\r\nconnection: close\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head, 'latin1'), request.method === 'HEAD' ? Buffer.alloc(0) : reply.body]));
}
