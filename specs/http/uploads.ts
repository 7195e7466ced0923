import { randomBytes } from 'node:crypto';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { uploadArea } from './fixture-site.ts';
import { exchange } from './requests.ts';
import type { HttpResponseMessage } from './response-reader.ts';

/**
 * The upload area of the fixture contract: PUT /uploads/<name> creates or replaces a file. A
 * name is made unique per run (the target keeps state between runs), so "new" really is new.
 */

export function freshUploadPath(name: string): string {
  return `${uploadArea}${name.replace(/\.bin$/, '')}-${randomBytes(5).toString('hex')}.bin`;
}

/** Skips the run when the target does not take PUT in its upload area. */
export function requirePutSupport(io: RunIO, response: HttpResponseMessage, path: string): void {
  if ([403, 404, 405, 501].includes(response.status)) io.notApplicable(`the target does not accept PUT ${path} (${response.status}); the upload area is part of the fixture contract`);
}

/** PUTs `body` at a fresh path and returns the path; skips when PUT is not supported. */
export async function putFresh(io: RunIO, name: string, body: Uint8Array): Promise<{ path: string; response: HttpResponseMessage }> {
  const path = freshUploadPath(name);
  const response = await exchange(io, { method: 'PUT', target: path, body, fields: [['Content-Type', 'application/octet-stream']] });
  requirePutSupport(io, response, path);
  return { path, response };
}

/** PUTs a fresh file and then replaces it; the replacing response, or a skip unless it is 204. */
export async function replacedWith204(io: RunIO, name: string, body: Uint8Array): Promise<HttpResponseMessage> {
  const { path } = await putFresh(io, name, body);
  const again = await exchange(io, { method: 'PUT', target: path, body });
  if (again.status !== 204) io.notApplicable(`the target answers a replacing PUT with ${again.status}, not 204`);
  return again;
}

/** GETs a path on a new connection. */
export function getFresh(io: RunIO, path: string, fields: [string, string][] = []): Promise<HttpResponseMessage> {
  return exchange(io, { target: path, fields });
}
