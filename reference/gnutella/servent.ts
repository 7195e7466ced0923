import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import {
  type Message,
  PayloadType,
  type QueryHitResult,
  decodeMessage,
  encodeMessage,
  encodePong,
  encodeQueryHit,
  newGuid,
  queryCriteria,
} from '../../specs/gnutella/gnutella-wire.ts';
import { listenOn } from '../listening.ts';

/**
 * The reference Gnutella 0.6 servent (the course's fully distributed search): it accepts
 * neighbours with the 0.6 connect handshake, answers Pings with a Pong and matching Queries with
 * a Query Hit, floods Ping and Query to its other neighbours (TTL down, hops up, nothing at TTL
 * 0, duplicates by GUID dropped) and routes Pong and Query Hit back only along the path their
 * request came by.
 */

/** Planted bugs (fixtures/gnutella/mutants): each names the one place the servent goes wrong. */
export type ServentFault =
  | 'handshake-bare-lf'
  | 'accepts-any-greeting'
  | 'keeps-ttl'
  | 'keeps-hops'
  | 'forwards-at-ttl-zero'
  | 'forwards-to-one-neighbour'
  | 'echoes-to-sender'
  | 'no-duplicate-detection'
  | 'drops-query-hits'
  | 'floods-query-hits'
  | 'floods-unknown-query-hits'
  | 'pong-with-new-guid'
  | 'floods-pongs'
  | 'case-sensitive-match';

export interface SharedFile {
  name: string;
  size: number;
}

const handshakeTimeoutMs = 5000;
const idleTimeoutMs = 120_000;
const maxHandshakeBytes = 4096;
/** Routing entries kept (GUID → where the request came from); the oldest go first. */
const maxRoutes = 10_000;
/** A bound on the flood fan-out, above the 1,000 connections at once the robustness goal asks. */
const maxNeighbours = 4096;

export function loadSharedFiles(fixturesDir: string): SharedFile[] {
  return readFileSync(path.join(fixturesDir, 'gnutella', 'shared-files.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [size = '0', name = ''] = line.split('\t');
      return { name, size: Number(size) };
    });
}

class Neighbour {
  private buffer: Buffer = Buffer.alloc(0);
  connected = false;

  constructor(
    readonly socket: net.Socket,
    private readonly servent: Servent,
  ) {
    socket.setTimeout(handshakeTimeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => servent.forget(this));
  }

  send(message: Message): void {
    if (!this.socket.destroyed) this.socket.write(encodeMessage(message));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    if (!this.connected && !this.handshake()) return;
    for (;;) {
      const decoded = decodeMessage(this.buffer);
      if (!decoded) return;
      if ('tooLarge' in decoded) return void this.socket.destroy();
      this.buffer = decoded.rest;
      this.servent.route(decoded.message, this);
    }
  }

  /** Client: CONNECT + headers; we: 200 + headers; client: 200 (Gnutella 0.6, 2.1). */
  private handshake(): boolean {
    if (this.buffer.length > maxHandshakeBytes) {
      this.socket.destroy();
      return false;
    }
    const text = this.buffer.toString('latin1');
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const block = text.slice(0, end);
    const crlf = this.servent.faults.has('handshake-bare-lf') ? '\n' : '\r\n';
    if (/^GNUTELLA CONNECT\/0\.6\r\n/.test(`${block}\r\n`) || this.servent.faults.has('accepts-any-greeting') && !/^GNUTELLA\/0\.6 200/.test(block)) {
      this.socket.write(`GNUTELLA/0.6 200 OK${crlf}User-Agent: rfcheck-servent/0.1${crlf}X-Ultrapeer: False${crlf}${crlf}`);
      this.buffer = this.buffer.subarray(end + 4);
      return false;
    }
    if (/^GNUTELLA\/0\.6 200/.test(block)) {
      this.buffer = this.buffer.subarray(end + 4);
      this.connected = true;
      this.socket.setTimeout(idleTimeoutMs, () => this.socket.destroy());
      return true;
    }
    this.socket.end('GNUTELLA/0.6 503 Not a Gnutella 0.6 connect\r\n\r\n');
    return false;
  }
}

export class Servent {
  private readonly neighbours = new Set<Neighbour>();
  /** Request type and GUID → the neighbour the request came from (the reverse path). */
  private readonly routes = new Map<string, Neighbour>();
  readonly serventId = randomBytes(16);

  constructor(
    readonly faults: ReadonlySet<ServentFault>,
    private readonly shared: SharedFile[],
    private readonly address: { ip: string; port: number },
  ) {}

  accept(socket: net.Socket): void {
    if (this.neighbours.size >= maxNeighbours) return void socket.destroy();
    this.neighbours.add(new Neighbour(socket, this));
  }

  forget(neighbour: Neighbour): void {
    this.neighbours.delete(neighbour);
    for (const [key, from] of this.routes) if (from === neighbour) this.routes.delete(key);
  }

  closeAll(): void {
    for (const neighbour of this.neighbours) neighbour.socket.destroy();
  }

  route(message: Message, from: Neighbour): void {
    switch (message.type) {
      case PayloadType.ping:
      case PayloadType.query:
        return this.flood(message, from);
      case PayloadType.pong:
      case PayloadType.queryHit:
        return this.routeBack(message, from);
      default:
        return;
    }
  }

  private remember(key: string, from: Neighbour): boolean {
    if (this.routes.has(key) && !this.faults.has('no-duplicate-detection')) return false;
    if (this.routes.size >= maxRoutes) this.routes.delete(this.routes.keys().next().value as string);
    this.routes.set(key, from);
    return true;
  }

  private flood(message: Message, from: Neighbour): void {
    const key = `${message.type}:${message.guid.toString('hex')}`;
    if (!this.remember(key, from)) return;
    this.answer(message, from);
    const ttl = message.ttl - 1;
    if (ttl <= 0 && !this.faults.has('forwards-at-ttl-zero')) return;
    const hops = this.faults.has('keeps-hops') ? message.hops : message.hops + 1;
    const forwarded = { ...message, ttl: this.faults.has('keeps-ttl') ? message.ttl : Math.max(ttl, 0), hops };
    let targets = [...this.neighbours].filter((n) => n.connected && (n !== from || this.faults.has('echoes-to-sender')));
    if (this.faults.has('forwards-to-one-neighbour')) targets = targets.slice(0, 1);
    for (const neighbour of targets) neighbour.send(forwarded);
  }

  /** Our own answer: a Pong for a Ping, a Query Hit for a Query that matches a shared file. */
  private answer(message: Message, from: Neighbour): void {
    const ttl = message.hops + 1;
    if (message.type === PayloadType.ping) {
      const guid = this.faults.has('pong-with-new-guid') ? newGuid(randomBytes) : message.guid;
      const pong = encodePong({ ...this.address, files: this.shared.length, kilobytes: Math.ceil(this.shared.reduce((s, f) => s + f.size, 0) / 1024) });
      from.send({ guid, type: PayloadType.pong, ttl, hops: 0, payload: pong });
      return;
    }
    const results = this.matches(queryCriteria(message.payload) ?? '');
    if (results.length === 0) return;
    const payload = encodeQueryHit({ ...this.address, results, serventId: this.serventId });
    from.send({ guid: message.guid, type: PayloadType.queryHit, ttl, hops: 0, payload });
  }

  private matches(criteria: string): QueryHitResult[] {
    const fold = (text: string): string => (this.faults.has('case-sensitive-match') ? text : text.toLowerCase());
    const words = fold(criteria).split(/\s+/).filter(Boolean);
    if (words.length === 0) return [];
    return this.shared.flatMap((file, index) => (words.every((word) => fold(file.name).includes(word)) ? [{ index, size: file.size, name: file.name }] : []));
  }

  private routeBack(message: Message, from: Neighbour): void {
    const requestType = message.type === PayloadType.pong ? PayloadType.ping : PayloadType.query;
    const back = this.routes.get(`${requestType}:${message.guid.toString('hex')}`);
    const ttl = message.ttl - 1;
    const forwarded = { ...message, ttl, hops: message.hops + 1 };
    const others = [...this.neighbours].filter((n) => n.connected && n !== from);
    const floods =
      (message.type === PayloadType.pong && this.faults.has('floods-pongs')) ||
      (message.type === PayloadType.queryHit && (back ? this.faults.has('floods-query-hits') : this.faults.has('floods-unknown-query-hits')));
    if (floods) return others.forEach((n) => n.send(forwarded));
    if (!back || ttl <= 0) return;
    if (message.type === PayloadType.queryHit && this.faults.has('drops-query-hits')) return;
    back.send(forwarded);
  }
}

export async function startServent(options: ServerStartOptions, faults: ReadonlySet<ServentFault> = new Set()): Promise<RunningServer> {
  const server = net.createServer();
  const port = await listenOn(server, options.port, options.host);
  const servent = new Servent(faults, loadSharedFiles(options.fixturesDir), { ip: net.isIPv4(options.host) ? options.host : '0.0.0.0', port });
  server.on('connection', (socket) => servent.accept(socket));
  return {
    endpoint: { host: options.host, port },
    close: () =>
      new Promise((resolve) => {
        servent.closeAll();
        server.close(() => resolve());
      }),
  };
}
