import type { Fields } from './header-fields.ts';

export interface ProxyResponse {
  status: number;
  reason: string;
  fields: Fields;
  body: Buffer;
}

/** Serialises a response for the client; Content-Length frames it (none on 1xx, 204, 304). */
export function serialiseResponse(response: ProxyResponse, head: boolean): Buffer {
  const lines = [`HTTP/1.1 ${response.status} ${response.reason || 'Unknown'}`, ...response.fields.map(([n, v]) => `${n}: ${v}`)];
  const bodiless = response.status === 204 || response.status === 304 || response.status < 200;
  if (!bodiless) lines.push(`Content-Length: ${response.body.length}`);
  const body = head || bodiless ? Buffer.alloc(0) : response.body;
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

export function errorResponse(status: number, reason: string): ProxyResponse {
  return { status, reason, fields: [['Content-Type', 'text/plain'], ['Connection', 'close']], body: Buffer.from(`${reason}\n`) };
}
