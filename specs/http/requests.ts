import { ConnectionClosed } from '../../harness/core/errors.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import { type HttpResponseMessage, endsConnection, readResponse } from './response-reader.ts';

/** Building requests and running one exchange: what nearly every rule does first. */

export interface RequestParts {
  method?: string;
  target: string;
  version?: string;
  /** Field lines after Host, in order. */
  fields?: [string, string][];
  /** The Host field value; `null` sends none. Default: the target's address. */
  host?: string | null;
  body?: Uint8Array | string;
}

export function hostOf(endpoint: Endpoint): string {
  return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}

/** Serializes a request; Content-Length is added when there is a body and no framing field. */
export function buildRequest(endpoint: Endpoint, parts: RequestParts): Buffer {
  const lines = [`${parts.method ?? 'GET'} ${parts.target} ${parts.version ?? 'HTTP/1.1'}`];
  if (parts.host !== null) lines.push(`Host: ${parts.host ?? hostOf(endpoint)}`);
  const fields = parts.fields ?? [];
  for (const [name, value] of fields) lines.push(`${name}: ${value}`);
  const body = parts.body === undefined ? undefined : typeof parts.body === 'string' ? Buffer.from(parts.body, 'latin1') : Buffer.from(parts.body);
  const framed = fields.some(([name]) => /^(content-length|transfer-encoding)$/i.test(name));
  if (body && !framed) lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body ?? Buffer.alloc(0)]);
}

/** A one-line description of a request for io.step. */
export function describeRequest(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  const shown = text.length > 160 ? `${text.slice(0, 160)}… (${text.length} bytes)` : text;
  return JSON.stringify(shown);
}

/** Sends raw bytes on a new connection and reads one response. */
export async function exchangeRaw(io: RunIO, bytes: Uint8Array, options: { head?: boolean } = {}): Promise<{ response: HttpResponseMessage; connection: TcpConnection }> {
  const connection = await io.tcp();
  io.step(`send ${describeRequest(bytes)}`);
  await connection.write(bytes);
  const response = await readResponse(connection, { head: options.head });
  io.exchanged();
  io.step(`got ${JSON.stringify(response.statusLine)}`);
  return { response, connection };
}

/**
 * Builds, sends and reads one request on a new connection; in a batched run (io.reuse), on the
 * persistent connection an earlier exchange of the run left idle, as a client reuses one.
 */
export async function exchange(io: RunIO, parts: RequestParts): Promise<HttpResponseMessage> {
  // Only a request that may be sent twice goes on a reused connection (see the retry below).
  const idempotent = ['GET', 'HEAD'].includes(parts.method ?? 'GET');
  const { connection, reused } = idempotent ? await io.tcpForExchange() : { connection: await io.tcp(), reused: false };
  const before = connection.bytesReceived;
  // The response, with the connection offered to the run's next exchange if it stays open.
  const sendOn = async (on: TcpConnection): Promise<HttpResponseMessage> => {
    const response = await requestOn(io, on, parts);
    if (!endsConnection(response)) io.keepIdle(on);
    return response;
  };
  try {
    return await sendOn(connection);
  } catch (error) {
    // RFC 9112 §9.3.1: a request a reused connection lost before any of its response came (a
    // server may close an idle connection at any time) is sent again, once, on a new one; what
    // a new connection gets is judged as usual.
    if (!reused || !(error instanceof ConnectionClosed) || connection.bytesReceived !== before) throw error;
    io.step('the reused connection closed before any of the response came: the request is sent again on a new connection');
    return sendOn(await io.tcp());
  }
}

/** Sends one request on an open connection and reads its response. */
export async function requestOn(io: RunIO, connection: TcpConnection, parts: RequestParts): Promise<HttpResponseMessage> {
  const bytes = buildRequest(io.target, parts);
  io.step(`send ${describeRequest(bytes)}`);
  await connection.write(bytes);
  const response = await readResponse(connection, { head: parts.method === 'HEAD' });
  io.exchanged();
  io.step(`got ${JSON.stringify(response.statusLine)}`);
  return response;
}
