import { violation } from '../../harness/core/expect.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import { isToken, listElements } from './grammar.ts';

/**
 * Reads one HTTP/1.1 response from a connection, framed as RFC 9112 §6.3 says: no body after
 * HEAD, 1xx, 204 and 304; chunked when Transfer-Encoding ends in chunked; else Content-Length;
 * else until the server closes. Malformed framing is the target's fault: a ProtocolViolation.
 */

export interface ResponseField {
  name: string;
  value: string;
}

export interface HttpResponseMessage {
  /** The status-line as received, without its line ending. */
  statusLine: string;
  statusLineEnding: 'CRLF' | 'LF';
  version: string;
  status: number;
  fields: ResponseField[];
  body: Buffer;
  framing: 'none' | 'length' | 'chunked' | 'close';
  /** Field lines not ended by CRLF. */
  bareLineFeeds: number;
  /** Chunk-size or trailer lines not ended by CRLF (read on, but not well formed). */
  chunkLinesWithBareLineFeed: number;
}

export interface ReadResponseOptions {
  /** The request was HEAD: the response has no content whatever its fields say. */
  head?: boolean;
  what?: string;
  maxBytes?: number;
}

const maxHeadLines = 200;

/** All values of a field, by case-insensitive name. */
export function fieldValues(response: HttpResponseMessage, name: string): string[] {
  const lower = name.toLowerCase();
  return response.fields.filter((f) => f.name.toLowerCase() === lower).map((f) => f.value);
}

/** The field's value (lines joined with ", "), or undefined when absent. */
export function fieldValue(response: HttpResponseMessage, name: string): string | undefined {
  const values = fieldValues(response, name);
  return values.length === 0 ? undefined : values.join(', ');
}

/** True when the response carries the `close` connection option. */
export function announcesClose(response: HttpResponseMessage): boolean {
  return listElements(fieldValue(response, 'connection') ?? '').some((o) => o.toLowerCase() === 'close');
}

/**
 * The connection ends after this response: it says close, or it is an HTTP/1.0 response
 * without keep-alive (RFC 9112 §9.3).
 */
export function endsConnection(response: HttpResponseMessage): boolean {
  if (announcesClose(response)) return true;
  const keepAlive = listElements(fieldValue(response, 'connection') ?? '').some((o) => o.toLowerCase() === 'keep-alive');
  return response.version === 'HTTP/1.0' && !keepAlive;
}

export async function readResponse(connection: TcpConnection, options: ReadResponseOptions = {}): Promise<HttpResponseMessage> {
  const what = options.what ?? 'a response';
  for (;;) {
    const response = await readOne(connection, options, what);
    // Interim 1xx responses precede the final one (RFC 9110 §15.2).
    if (response.status >= 200 || response.status === 101) return response;
  }
}

async function readOne(connection: TcpConnection, options: ReadResponseOptions, what: string): Promise<HttpResponseMessage> {
  const statusLine = await connection.readLine(`the status-line of ${what}`);
  const match = /^(HTTP\/\d\.\d) (\d{3})(?: .*)?$/.exec(statusLine.text);
  if (!match) violation(`malformed status-line ${JSON.stringify(statusLine.text)}`, 'HTTP-version SP 3DIGIT SP reason-phrase', JSON.stringify(statusLine.text));
  const status = Number(match[2]);
  const fields: ResponseField[] = [];
  let bareLineFeeds = 0;
  for (let count = 0; ; count++) {
    if (count > maxHeadLines) violation(`more than ${maxHeadLines} header lines in ${what}`);
    const line = await connection.readLine(`the header section of ${what}`);
    if (line.terminator === 'LF') bareLineFeeds += 1;
    if (line.text === '') break;
    const colon = line.text.indexOf(':');
    const name = colon < 0 ? '' : line.text.slice(0, colon);
    if (!isToken(name)) violation(`malformed field line ${JSON.stringify(line.text)} in ${what}`, 'field-name ":" OWS field-value OWS', JSON.stringify(line.text));
    fields.push({ name, value: line.text.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '') });
  }
  const response: HttpResponseMessage = { statusLine: statusLine.text, statusLineEnding: statusLine.terminator, version: match[1] as string, status, fields, body: Buffer.alloc(0), framing: 'none', bareLineFeeds, chunkLinesWithBareLineFeed: 0 };
  if (options.head || status < 200 || status === 204 || status === 304) return response;
  await readBody(connection, response, options, what);
  return response;
}

async function readBody(connection: TcpConnection, response: HttpResponseMessage, options: ReadResponseOptions, what: string): Promise<void> {
  const transferCodings = fieldValues(response, 'transfer-encoding').flatMap(listElements).map((c) => c.toLowerCase());
  if (transferCodings.length > 0) {
    if (transferCodings.at(-1) === 'chunked') {
      response.framing = 'chunked';
      response.body = await readChunkedBody(connection, response, what, options.maxBytes);
    } else {
      response.framing = 'close';
      response.body = await connection.readToEnd(`the body of ${what} (until close)`, { maxBytes: options.maxBytes });
    }
    return;
  }
  const lengths = fieldValues(response, 'content-length').flatMap((v) => v.split(',').map((x) => x.trim()));
  if (lengths.length > 0) {
    if (lengths.some((v) => !/^\d{1,15}$/.test(v)) || new Set(lengths.map(Number)).size > 1) {
      violation(`invalid Content-Length ${JSON.stringify(lengths.join(', '))} in ${what}`, 'one decimal length', lengths.join(', '));
    }
    response.framing = 'length';
    response.body = await connection.readExactly(Number(lengths[0]), `the ${lengths[0]}-byte body of ${what}`, { maxBytes: options.maxBytes });
    return;
  }
  response.framing = 'close';
  response.body = await connection.readToEnd(`the body of ${what} (until close)`, { maxBytes: options.maxBytes });
}

/** Decodes a chunked body strictly (RFC 9112 §7.1); trailer fields are read and dropped. */
async function readChunkedBody(connection: TcpConnection, response: HttpResponseMessage, what: string, maxBytes = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const line = await connection.readLine(`a chunk-size line of ${what}`, { maxBytes: 4096 });
    const match = /^([0-9A-Fa-f]{1,12})(?:[ \t]*;.*)?$/.exec(line.text);
    if (line.terminator !== 'CRLF') response.chunkLinesWithBareLineFeed += 1;
    if (!match) violation(`malformed chunk-size line ${JSON.stringify(line.text)} in ${what}`, '1*HEXDIG [ chunk-ext ] CRLF', JSON.stringify(line.text));
    const size = Number.parseInt(match[1] as string, 16);
    if (size === 0) break;
    total += size;
    if (total > maxBytes) violation(`chunked body of ${what} exceeds ${maxBytes} bytes`);
    chunks.push(await connection.readExactly(size, `a ${size}-byte chunk of ${what}`));
    const end = await connection.readExactly(2, `the CRLF after a chunk of ${what}`);
    if (end.toString('latin1') !== '\r\n') violation(`chunk data of ${what} not followed by CRLF`, 'CRLF', JSON.stringify(end.toString('latin1')));
  }
  for (let count = 0; ; count++) {
    if (count > maxHeadLines) violation(`trailer section of ${what} too long`);
    const trailer = await connection.readLine(`the trailer section of ${what}`);
    if (trailer.terminator !== 'CRLF') response.chunkLinesWithBareLineFeed += 1;
    if (trailer.text === '') break;
  }
  return Buffer.concat(chunks);
}
