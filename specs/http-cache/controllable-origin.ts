import { randomBytes } from 'node:crypto';
import net from 'node:net';

/**
 * The origin server the harness plays behind the cache under test. It listens on a fixed,
 * documented loopback endpoint (the reference proxy's reverse mode and the nginx config point
 * at it), answers each path as the rule scripted it, and records every request that reached
 * it, so a rule can count what the cache forwarded and judge what it sent.
 *
 * One listener is shared by all runs of a process (a refcount); each run works under its own
 * random path prefix, so nothing cached by an earlier run can answer a later one.
 */

export const originEndpoint = { host: '127.0.0.1', port: 48111 } as const;

export interface ScriptedResponse {
  status?: number;
  fields?: [string, string][];
  body?: string;
  /** Drop the connection instead of answering (an origin that fails mid-exchange). */
  drop?: boolean;
}

/** Answers the n-th request (0-based) for a path; the rule decides from what it received. */
export type PathScript = (request: OriginRequest, hit: number) => ScriptedResponse;

export interface OriginRequest {
  method: string;
  target: string;
  /** Field lines as received, names lowercased. */
  fields: [string, string][];
}

/** All values of a request field, joined as one list. */
export function requestField(request: OriginRequest, name: string): string | undefined {
  const values = request.fields.filter(([n]) => n === name.toLowerCase()).map(([, v]) => v);
  return values.length === 0 ? undefined : values.join(', ');
}

const headLimitBytes = 64 * 1024;
const bodyLimitBytes = 1024 * 1024;
const idleTimeoutMs = 5000;

class OriginServer {
  private readonly scripts = new Map<string, PathScript>();
  private readonly received = new Map<string, OriginRequest[]>();
  /** Prefixes of the runs in progress: only their requests are kept, for them to read back. */
  private readonly prefixes = new Set<string>();
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly server: net.Server) {
    server.on('connection', (socket) => this.serve(socket));
  }

  script(target: string, answer: PathScript): void {
    this.scripts.set(target, answer);
  }

  requests(target: string): OriginRequest[] {
    return this.received.get(target) ?? [];
  }

  begin(prefix: string): void {
    this.prefixes.add(prefix);
  }

  forget(prefix: string): void {
    this.prefixes.delete(prefix);
    for (const map of [this.scripts, this.received]) {
      for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
    }
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(idleTimeoutMs, () => socket.destroy());
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parseRequest(buffer);
        if (parsed === 'incomplete') {
          if (buffer.length > headLimitBytes + bodyLimitBytes) socket.destroy();
          return;
        }
        if (parsed === 'malformed') {
          socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
          return;
        }
        buffer = buffer.subarray(parsed.consumed);
        this.answer(socket, parsed.request);
      }
    });
  }

  private answer(socket: net.Socket, request: OriginRequest): void {
    const path = request.target.replace(/^[a-z]+:\/\/[^/]*/i, '');
    const seen = this.received.get(path) ?? [];
    seen.push(request);
    // A request outside every run's prefix (a fuzzed one, say) is answered but not kept: nothing
    // will read it back, and a long fuzz session would otherwise grow this map without end.
    if ([...this.prefixes].some((prefix) => path.startsWith(prefix))) this.received.set(path, seen);
    const scripted = this.scripts.get(path)?.(request, seen.length - 1) ?? { status: 404, body: 'not scripted' };
    if (scripted.drop) {
      socket.destroy();
      return;
    }
    const status = scripted.status ?? 200;
    const body = Buffer.from(scripted.body ?? '', 'latin1');
    const hasBody = request.method !== 'HEAD' && status !== 304 && status !== 204;
    const lines = [`HTTP/1.1 ${status} ${reasonPhrase(status)}`, `Date: ${new Date().toUTCString()}`];
    for (const [name, value] of scripted.fields ?? []) lines.push(`${name}: ${value}`);
    if (status !== 304 && status !== 204) lines.push(`Content-Length: ${body.length}`);
    socket.write(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), hasBody ? body : Buffer.alloc(0)]));
  }
}

function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = { 200: 'OK', 204: 'No Content', 304: 'Not Modified', 404: 'Not Found' };
  return phrases[status] ?? 'Scripted';
}

type Parsed = 'incomplete' | 'malformed' | { request: OriginRequest; consumed: number };

function parseRequest(buffer: Buffer): Parsed {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return buffer.length > headLimitBytes ? 'malformed' : 'incomplete';
  const [requestLine = '', ...fieldLines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const match = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(requestLine);
  if (!match) return 'malformed';
  const fields: [string, string][] = [];
  for (const line of fieldLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) return 'malformed';
    fields.push([line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]);
  }
  const request = { method: match[1] as string, target: match[2] as string, fields };
  const length = Number(requestField(request, 'content-length') ?? '0');
  if (!Number.isSafeInteger(length) || length < 0 || length > bodyLimitBytes) return 'malformed';
  if (buffer.length < end + 4 + length) return 'incomplete';
  return { request, consumed: end + 4 + length };
}

let shared: { server: OriginServer; users: number } | undefined;
let starting: Promise<OriginServer> | undefined;

async function acquire(): Promise<OriginServer> {
  if (shared) {
    shared.users += 1;
    return shared.server;
  }
  starting ??= new Promise<OriginServer>((resolve, reject) => {
    const listener = net.createServer();
    listener.once('error', (error) => reject(new Error(`the harness's origin cannot listen on ${originEndpoint.host}:${originEndpoint.port}: ${error.message}`)));
    listener.listen(originEndpoint.port, originEndpoint.host, () => resolve(new OriginServer(listener)));
  }).finally(() => {
    starting = undefined;
  });
  const server = await starting;
  const current: { server: OriginServer; users: number } = shared ?? { server, users: 0 };
  current.users += 1;
  shared = current;
  return current.server;
}

async function release(): Promise<void> {
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  const { server } = shared;
  shared = undefined;
  await server.close();
}

/** Keeps the shared origin up until `close` (for `rfcheck fuzz`: mutated requests reach an origin, unscripted paths get 404). */
export async function holdOrigin(): Promise<{ close(): Promise<void> }> {
  await acquire();
  return { close: release };
}

/** The origin as one run sees it: paths under a prefix of its own. */
export interface OriginSession {
  /** A fresh path under this run's prefix. */
  path(name: string): string;
  script(path: string, answer: PathScript | ScriptedResponse): void;
  requests(path: string): OriginRequest[];
}

/** Runs `body` with the shared origin up and a prefix unique to this run. */
export async function withOrigin<T>(body: (origin: OriginSession) => Promise<T>): Promise<T> {
  const server = await acquire();
  const prefix = `/rfcheck-${randomBytes(6).toString('hex')}/`;
  server.begin(prefix);
  try {
    return await body({
      path: (name) => `${prefix}${name}`,
      script: (path, answer) => server.script(path, typeof answer === 'function' ? answer : () => answer),
      requests: (path) => server.requests(path),
    });
  } finally {
    server.forget(prefix);
    await release();
  }
}
