import { violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';

/**
 * The one HTTP exchange a tracker client makes (BEP 3, "trackers"): a GET with a query string,
 * answered by a status line, header fields and a body. One request per connection
 * (`Connection: close`); the body is framed by Content-Length, chunked coding or the close.
 */

export interface HttpReply {
  status: number;
  headers: Map<string, string>;
  body: Buffer;
}

/** Query parameters in order; a byte value is percent-encoded byte by byte. */
export type QueryParameters = [name: string, value: string | Uint8Array][];

const maxHeaderBytes = 16 * 1024;
const maxBodyBytes = 1024 * 1024;

/** Percent-encodes every byte outside RFC 3986's unreserved set. */
export function percentEncode(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  let out = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function queryString(parameters: QueryParameters): string {
  return parameters.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
}

export async function httpGet(io: RunIO, path: string, parameters: QueryParameters, endpoint: Endpoint = io.target): Promise<HttpReply> {
  const connection = await io.tcp(endpoint);
  const target = parameters.length > 0 ? `${path}?${queryString(parameters)}` : path;
  await connection.write(`GET ${target} HTTP/1.1\r\nHost: ${endpoint.host}:${endpoint.port}\r\nConnection: close\r\n\r\n`);
  const head = (await connection.readUntil('\r\n\r\n', 'the HTTP status line and header fields', { maxBytes: maxHeaderBytes })).toString('latin1');
  const [statusLine = '', ...fieldLines] = head.slice(0, -4).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (!status) violation(`the reply does not start with an HTTP/1.x status line`, 'HTTP/1.1 200 OK', statusLine);
  const headers = new Map<string, string>();
  for (const line of fieldLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const length = headers.get('content-length');
  let body: Buffer;
  if (length !== undefined) {
    if (!/^\d+$/.test(length) || Number(length) > maxBodyBytes) violation(`Content-Length ${JSON.stringify(length)} is not a size up to ${maxBodyBytes}`);
    body = await connection.readExactly(Number(length), `the ${length}-byte body`);
  } else if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
    body = await readChunked(connection);
  } else {
    body = await connection.readToEnd('the body until the server closes', { maxBytes: maxBodyBytes });
  }
  return { status: Number(status[1]), headers, body };
}

async function readChunked(connection: Awaited<ReturnType<RunIO['tcp']>>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for (;;) {
    const sizeLine = (await connection.readLine('a chunk size line', { maxBytes: 1024 })).text;
    const size = Number.parseInt(sizeLine, 16);
    if (!Number.isFinite(size) || size < 0) violation(`bad chunk size line ${JSON.stringify(sizeLine)}`);
    if (size === 0) {
      await connection.readUntil('\r\n', 'the end of the chunked body', { maxBytes: 4096 });
      return Buffer.concat(parts);
    }
    total += size;
    if (total > maxBodyBytes) violation(`chunked body exceeds ${maxBodyBytes} bytes`);
    parts.push(await connection.readExactly(size, `a ${size}-byte chunk`));
    await connection.readLine('the CRLF after a chunk', { maxBytes: 2 });
  }
}
