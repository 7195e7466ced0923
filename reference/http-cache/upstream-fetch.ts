import net from 'node:net';
import type { Fields } from './header-fields.ts';
import { fieldValue, listMembers } from './header-fields.ts';

/**
 * The proxy's client side: one request to the next hop on a fresh connection (Connection:
 * close, so the response ends at the latest when the connection does), read under a deadline
 * and byte caps. Anything malformed or late is an UpstreamError the proxy answers with 502/504.
 */

export interface UpstreamResponse {
  status: number;
  reason: string;
  fields: Fields;
  body: Buffer;
}

export interface UpstreamRequest {
  host: string;
  port: number;
  method: string;
  target: string;
  fields: Fields;
  body: Buffer;
}

export class UpstreamError extends Error {
  constructor(
    readonly status: 502 | 504,
    reason: string,
  ) {
    super(reason);
  }
}

const deadlineMs = 10_000;
const headLimitBytes = 64 * 1024;
const bodyLimitBytes = 8 * 1024 * 1024;

export function fetchUpstream(request: UpstreamRequest): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: request.host, port: request.port });
    let received = Buffer.alloc(0);
    const fail = (error: UpstreamError): void => {
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new UpstreamError(504, 'the next hop did not answer in time')), deadlineMs);
    const finish = (ended: boolean): void => {
      try {
        const response = parseResponse(received, request.method === 'HEAD', ended);
        if (!response) return;
        clearTimeout(timer);
        socket.destroy();
        resolve(response);
      } catch (error) {
        clearTimeout(timer);
        fail(error instanceof UpstreamError ? error : new UpstreamError(502, String(error)));
      }
    };
    socket.on('connect', () => {
      const head = [`${request.method} ${request.target} HTTP/1.1`, ...request.fields.map(([n, v]) => `${n}: ${v}`), 'Connection: close'];
      if (request.body.length > 0) head.push(`Content-Length: ${request.body.length}`);
      socket.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), request.body]));
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length > headLimitBytes + bodyLimitBytes) {
        clearTimeout(timer);
        fail(new UpstreamError(502, 'the response of the next hop is too large'));
        return;
      }
      finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('error', (error) => {
      clearTimeout(timer);
      fail(new UpstreamError(502, `the next hop is unreachable: ${error.message}`));
    });
    socket.on('close', () => {
      clearTimeout(timer);
      reject(new UpstreamError(502, 'the next hop closed before a whole response'));
    });
  });
}

/** A whole response from `bytes`, undefined while more are needed; throws on malformed input. */
function parseResponse(bytes: Buffer, head: boolean, ended: boolean): UpstreamResponse | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) {
    if (bytes.length > headLimitBytes || ended) throw new UpstreamError(502, 'no complete header section from the next hop');
    return undefined;
  }
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!match) throw new UpstreamError(502, 'malformed status-line from the next hop');
  const fields: Fields = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new UpstreamError(502, 'malformed field line from the next hop');
    fields.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  const status = Number(match[1]);
  const response = { status, reason: match[2] ?? '', fields, body: Buffer.alloc(0) };
  const rest = bytes.subarray(end + 4);
  if (head || status === 204 || status === 304 || status < 200) return response;
  const body = readBody(fields, rest, ended);
  if (!body) return undefined;
  return { ...response, body };
}

function readBody(fields: Fields, rest: Buffer, ended: boolean): Buffer | undefined {
  const codings = listMembers(fieldValue(fields, 'transfer-encoding')).map((c) => c.toLowerCase());
  if (codings.at(-1) === 'chunked') return decodeChunked(rest, ended);
  const length = fieldValue(fields, 'content-length');
  if (codings.length === 0 && length !== undefined) {
    if (!/^\d{1,10}$/.test(length)) throw new UpstreamError(502, 'invalid Content-Length from the next hop');
    if (rest.length >= Number(length)) return rest.subarray(0, Number(length));
    if (ended) throw new UpstreamError(502, 'the next hop closed inside the body');
    return undefined;
  }
  return ended ? rest : undefined;
}

function decodeChunked(input: Buffer, ended: boolean): Buffer | undefined {
  const chunks: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = input.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = Number.parseInt(input.subarray(at, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isSafeInteger(size) || size < 0) throw new UpstreamError(502, 'malformed chunk size from the next hop');
    if (size === 0) {
      // The trailer section ends with an empty line; trailers are dropped.
      return input.indexOf('\r\n\r\n', lineEnd) >= 0 || input.subarray(lineEnd).toString('latin1') === '\r\n\r\n' ? Buffer.concat(chunks) : ended ? Buffer.concat(chunks) : undefined;
    }
    if (input.length < lineEnd + 2 + size + 2) break;
    chunks.push(input.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  if (ended) throw new UpstreamError(502, 'the next hop closed inside a chunked body');
  return undefined;
}
