import net from 'node:net';

/**
 * The reference player's HTTP/1.1 client: one persistent connection per origin, reused while
 * the server keeps it open (RFC 9112 §9.3), origin-form targets with a Host header (§3.2),
 * bodies framed by Content-Length or by the close. Every response has a deadline and a byte
 * cap, so a dead or hostile server ends a session with an error, never a hang.
 */

export interface HttpResponse {
  status: number;
  body: Buffer;
  /** performance.now() when the request was written and when the last body byte arrived. */
  sentAt: number;
  doneAt: number;
}

export interface HttpClientOptions {
  timeoutMs: number;
  maxBodyBytes: number;
  /** Fault hooks for the planted-bug players; the reference leaves them off. */
  omitHost?: boolean;
  newConnectionPerRequest?: boolean;
}

const maxHeadBytes = 64 * 1024;

export class HttpClient {
  private socket: net.Socket | undefined;
  private socketKey = '';
  private closed = false;

  constructor(private readonly options: HttpClientOptions) {}

  close(): void {
    this.closed = true;
    this.socket?.destroy();
    this.socket = undefined;
  }

  async get(url: URL): Promise<HttpResponse> {
    if (url.protocol !== 'http:') throw new Error(`unsupported URL scheme ${url.protocol}`);
    if (this.closed) throw new Error('the client is closed');
    const key = `${url.hostname}:${url.port || '80'}`;
    if (this.options.newConnectionPerRequest || this.socketKey !== key || !this.socket || this.socket.destroyed) {
      this.socket?.destroy();
      this.socket = await connect(url.hostname.replace(/^\[|\]$/g, ''), Number(url.port || 80), this.options.timeoutMs);
      this.socketKey = key;
    }
    const socket = this.socket;
    const head = [`GET ${url.pathname}${url.search} HTTP/1.1`];
    if (!this.options.omitHost) head.push(`Host: ${url.host}`);
    head.push('User-Agent: rfcheck-dash-player', '', '');
    const sentAt = performance.now();
    socket.write(head.join('\r\n'));
    const response = await readResponse(socket, this.options);
    if (response.closeAfter) {
      socket.destroy();
      if (this.socket === socket) this.socket = undefined;
    }
    return { status: response.status, body: response.body, sentAt, doneAt: performance.now() };
  }
}

function connect(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${host}:${port} timed out`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', () => socket.destroy());
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(`cannot connect to ${host}:${port}: ${error.code ?? error.message}`));
    });
  });
}

interface RawResponse {
  status: number;
  body: Buffer;
  closeAfter: boolean;
}

/** Reads one response from `socket`: status line, fields, then the body its framing gives. */
function readResponse(socket: net.Socket, options: HttpClientOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    let head: { status: number; length: number | undefined; close: boolean; bodyStart: number } | undefined;
    const finish = (error: Error | undefined, value?: RawResponse): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (error) {
        socket.destroy();
        reject(error);
      } else resolve(value as RawResponse);
    };
    const timer = setTimeout(() => finish(new Error(`no complete response within ${options.timeoutMs} ms`)), options.timeoutMs);
    const tryParse = (): void => {
      if (!head) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buffered.length > maxHeadBytes) finish(new Error('response head too large'));
          return;
        }
        const lines = buffered.subarray(0, end).toString('latin1').split('\r\n');
        const status = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(lines[0] ?? '');
        if (!status) return finish(new Error(`malformed status line ${JSON.stringify(lines[0] ?? '')}`));
        let length: number | undefined;
        let close = /^HTTP\/1\.0/.test(lines[0] ?? '');
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(':');
          if (colon <= 0) return finish(new Error(`malformed header line ${JSON.stringify(line)}`));
          const name = line.slice(0, colon).trim().toLowerCase();
          const value = line.slice(colon + 1).trim();
          if (name === 'content-length') {
            if (!/^\d{1,12}$/.test(value) || (length !== undefined && length !== Number(value))) return finish(new Error(`bad Content-Length ${JSON.stringify(value)}`));
            length = Number(value);
          } else if (name === 'transfer-encoding') return finish(new Error(`unsupported Transfer-Encoding ${value}`));
          else if (name === 'connection' && /\bclose\b/i.test(value)) close = true;
        }
        if (length !== undefined && length > options.maxBodyBytes) return finish(new Error(`body of ${length} bytes exceeds the ${options.maxBodyBytes}-byte cap`));
        head = { status: Number(status[1]), length, close, bodyStart: end + 4 };
      }
      const body = buffered.subarray(head.bodyStart);
      if (head.length === undefined) {
        if (body.length > options.maxBodyBytes) finish(new Error('body exceeds the cap'));
        return;
      }
      if (body.length >= head.length) finish(undefined, { status: head.status, body: Buffer.from(body.subarray(0, head.length)), closeAfter: head.close });
    };
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      tryParse();
    };
    const onClose = (): void => {
      if (head && head.length === undefined) finish(undefined, { status: head.status, body: Buffer.from(buffered.subarray(head.bodyStart)), closeAfter: true });
      else finish(new Error('the server closed the connection mid-response'));
    };
    socket.on('data', onData);
    socket.on('close', onClose);
    if (socket.destroyed) onClose();
  });
}
