import { formatImfFixdate } from '../../specs/http/http-date.ts';

/** A response before it is put on the wire. */
export interface HttpResponse {
  status: number;
  /** Fields other than Date, Content-Length, Transfer-Encoding and Connection, which the writer adds. */
  fields: [string, string][];
  body: Buffer;
  /** HEAD: announce the body's length, send no body. */
  headOnly?: boolean;
  /** Send the body with the chunked transfer coding (HTTP/1.1 requests only). */
  chunked?: boolean;
  /** Close the connection after this response (errors that leave the framing in doubt). */
  close?: boolean;
}

export const reasonPhrases: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 206: 'Partial Content', 301: 'Moved Permanently', 304: 'Not Modified',
  400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 411: 'Length Required',
  408: 'Request Timeout', 412: 'Precondition Failed', 413: 'Content Too Large', 414: 'URI Too Long', 416: 'Range Not Satisfiable', 431: 'Request Header Fields Too Large',
  500: 'Internal Server Error', 501: 'Not Implemented', 505: 'HTTP Version Not Supported', 507: 'Insufficient Storage',
};

/** Statuses whose responses end at the header section (RFC 9112 §6.3, item 1 and 2). */
export function hasNoContent(status: number): boolean {
  return status === 204 || status === 304 || (status >= 100 && status < 200);
}

/** A small text/plain response, for errors. */
export function textResponse(status: number, text: string, fields: [string, string][] = []): HttpResponse {
  return { status, fields: [['Content-Type', 'text/plain; charset=utf-8'], ...fields], body: Buffer.from(`${text}\n`, 'utf8') };
}

let dateCache = { second: -1, text: '' };

/** The Date field value, formatted once per second. */
export function currentDate(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateCache.second) dateCache = { second, text: formatImfFixdate(new Date(second * 1000)) };
  return dateCache.text;
}

/**
 * Serializes a response with the connection option the connection decided on: `close`
 * (RFC 9112 §9.6) or, to an HTTP/1.0 client that asked for it, `keep-alive` (§9.3).
 */
export function serializeResponse(response: HttpResponse, connectionOption: 'close' | 'keep-alive' | undefined): Buffer {
  const lines = [`HTTP/1.1 ${response.status} ${reasonPhrases[response.status] ?? 'Unknown'}`, `Date: ${currentDate()}`, 'Server: rfcheck-reference'];
  for (const [name, value] of response.fields) lines.push(`${name}: ${value}`);
  const noContent = hasNoContent(response.status);
  if (!noContent && response.chunked) lines.push('Transfer-Encoding: chunked');
  else if (!noContent) lines.push(`Content-Length: ${response.body.length}`);
  if (connectionOption) lines.push(`Connection: ${connectionOption}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  if (noContent || response.headOnly) return head;
  if (!response.chunked) return Buffer.concat([head, response.body]);
  return Buffer.concat([head, ...chunkedBody(response.body)]);
}

/** The body in chunks of at most 4 KiB, then the last chunk and an empty trailer section. */
function chunkedBody(body: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += 4096) {
    const piece = body.subarray(at, at + 4096);
    parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`, 'latin1'), piece, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return parts;
}
