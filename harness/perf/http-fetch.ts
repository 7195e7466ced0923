import net from 'node:net';
import { ConnectionClosed, NoReply, ProtocolViolation, ReplyTooLarge, TargetUnreachable } from '../core/errors.ts';
import { type Endpoint, formatEndpoint } from '../wire/limits.ts';

/**
 * The HTTP/1.1 client of the perf scenarios, as small as timing needs: GET requests (one at a
 * time or pipelined), responses framed by Content-Length or by close. Bodies are counted, not
 * kept, so a large object costs no memory; the header block is capped; every wait for a
 * response has a deadline. Responses are parsed as bytes arrive, so each one's completion time
 * is when its last byte came in, not when the caller got round to reading it.
 */

export interface FetchedResponse {
  status: number;
  /** Header block plus body: the bytes the link carried. */
  wireBytes: number;
  bodyBytes: number;
  /** performance.now() when the last byte arrived. */
  completedAt: number;
  /** The body, only when the connection was opened with keepBody. */
  body?: Buffer;
}

export interface FetchLimits {
  /** How long one response may take, from asking for it to its last byte. */
  timeoutMs: number;
  maxHeaderBytes?: number;
  maxBodyBytes?: number;
  /** Keep the bodies (a cache needs them); otherwise they are only counted. */
  keepBody?: boolean;
}

const defaultMaxHeaderBytes = 64 * 1024;
const defaultMaxBodyBytes = 256 * 1024 * 1024;

type Parse =
  | { state: 'head'; head: Buffer }
  | { state: 'body'; status: number; headBytes: number; remaining: number | undefined; bodyBytes: number; kept: Buffer[] };

export class HttpFetchConnection {
  private parse: Parse = { state: 'head', head: Buffer.alloc(0) };
  private readonly done: FetchedResponse[] = [];
  private outstanding = 0;
  private failure: Error | undefined;
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly maxHeaderBytes: number;
  private readonly maxBodyBytes: number;

  private constructor(
    private readonly socket: net.Socket,
    private readonly endpoint: Endpoint,
    private readonly limits: FetchLimits,
  ) {
    this.maxHeaderBytes = limits.maxHeaderBytes ?? defaultMaxHeaderBytes;
    this.maxBodyBytes = limits.maxBodyBytes ?? defaultMaxBodyBytes;
    socket.on('data', (chunk: Buffer) => this.consume(chunk));
    socket.on('end', () => this.finishOnClose());
    socket.on('close', () => this.finishOnClose());
    socket.on('error', (error: NodeJS.ErrnoException) => this.fail(new ConnectionClosed(`a response (${error.code ?? error.message})`, 'reset')));
  }

  static open(endpoint: Endpoint, limits: FetchLimits): Promise<HttpFetchConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: endpoint.host, port: endpoint.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TargetUnreachable(`connect to ${formatEndpoint(endpoint)} timed out after ${limits.timeoutMs} ms`));
      }, limits.timeoutMs);
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new TargetUnreachable(`cannot connect to ${formatEndpoint(endpoint)}: ${error.code ?? error.message}`));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new HttpFetchConnection(socket, endpoint, limits));
      });
    });
  }

  /** Sends GETs for `paths` in one write (pipelined when there are several). */
  send(paths: string[], options: { close?: boolean } = {}): void {
    const host = formatEndpoint(this.endpoint);
    const requests = paths.map((p, i) => {
      const last = i === paths.length - 1;
      return `GET ${p} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: rfcheck-perf\r\n${options.close && last ? 'Connection: close\r\n' : ''}\r\n`;
    });
    this.outstanding += paths.length;
    this.socket.write(requests.join(''));
  }

  /** The next response, in request order. */
  async next(): Promise<FetchedResponse> {
    const deadline = performance.now() + this.limits.timeoutMs;
    for (;;) {
      const response = this.done.shift();
      if (response) return response;
      if (this.failure) throw this.failure;
      const left = deadline - performance.now();
      if (left <= 0) {
        this.close();
        throw new NoReply('an HTTP response', this.limits.timeoutMs);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.socket.destroy();
    this.notify();
  }

  private complete(status: number, wireBytes: number, bodyBytes: number, kept: Buffer[] = []): void {
    this.outstanding -= 1;
    const response: FetchedResponse = { status, wireBytes, bodyBytes, completedAt: performance.now() };
    if (this.limits.keepBody) response.body = Buffer.concat(kept);
    this.done.push(response);
    this.parse = { state: 'head', head: Buffer.alloc(0) };
    this.notify();
  }

  private finishOnClose(): void {
    if (this.ended) return;
    this.ended = true;
    const parse = this.parse;
    if (parse.state === 'body' && parse.remaining === undefined) this.complete(parse.status, parse.headBytes + parse.bodyBytes, parse.bodyBytes, parse.kept);
    if (this.outstanding > 0) this.fail(new ConnectionClosed('an HTTP response'));
    this.notify();
  }

  private consume(chunk: Buffer): void {
    let rest = chunk;
    while (rest.length > 0 && !this.failure) {
      const parse = this.parse;
      if (parse.state === 'body') {
        const take = parse.remaining === undefined ? rest.length : Math.min(parse.remaining, rest.length);
        parse.bodyBytes += take;
        if (this.limits.keepBody) parse.kept.push(rest.subarray(0, take));
        rest = rest.subarray(take);
        if (parse.bodyBytes > this.maxBodyBytes) return this.fail(new ReplyTooLarge('an HTTP response body', this.maxBodyBytes));
        if (parse.remaining !== undefined) {
          parse.remaining -= take;
          if (parse.remaining === 0) this.complete(parse.status, parse.headBytes + parse.bodyBytes, parse.bodyBytes, parse.kept);
        }
        continue;
      }
      if (this.outstanding <= 0) return this.fail(new ProtocolViolation('the server sent bytes no request asked for'));
      const head = Buffer.concat([parse.head, rest]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > this.maxHeaderBytes) return this.fail(new ReplyTooLarge('an HTTP response header block', this.maxHeaderBytes));
        this.parse = { state: 'head', head };
        return;
      }
      rest = head.subarray(end + 4);
      const started = this.startBody(head.subarray(0, end).toString('latin1'), end + 4);
      if (!started) return;
    }
  }

  /** Reads the status line and framing headers; false if the response is unusable. */
  private startBody(block: string, headBytes: number): boolean {
    const [statusLine = '', ...fields] = block.split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!status) {
      this.fail(new ProtocolViolation(`not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 80))}`));
      return false;
    }
    const header = (name: string): string | undefined => {
      const field = fields.find((f) => f.slice(0, f.indexOf(':')).trim().toLowerCase() === name);
      return field?.slice(field.indexOf(':') + 1).trim();
    };
    if (/chunked/i.test(header('transfer-encoding') ?? '')) {
      this.fail(new ProtocolViolation('chunked responses are not supported by the perf client: serve the perf objects with Content-Length'));
      return false;
    }
    const length = header('content-length');
    const code = Number(status[1]);
    if (length !== undefined && !/^\d+$/.test(length)) {
      this.fail(new ProtocolViolation(`bad Content-Length ${JSON.stringify(length)}`));
      return false;
    }
    const remaining = length === undefined ? (code === 204 || code === 304 ? 0 : undefined) : Number(length);
    this.parse = { state: 'body', status: code, headBytes, remaining, bodyBytes: 0, kept: [] };
    if (remaining === 0) this.complete(code, headBytes, 0);
    return true;
  }
}

/** One GET on a connection of its own (non-persistent HTTP). */
export async function fetchOnce(endpoint: Endpoint, urlPath: string, limits: FetchLimits): Promise<FetchedResponse> {
  const connection = await HttpFetchConnection.open(endpoint, limits);
  try {
    connection.send([urlPath], { close: true });
    return await connection.next();
  } finally {
    connection.close();
  }
}
