import { violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { exchange } from '../http/requests.ts';
import { type HttpResponseMessage, fieldValue } from '../http/response-reader.ts';
import type { OriginSession, ScriptedResponse } from './controllable-origin.ts';

/**
 * What nearly every cache rule does: script the origin for a path, send requests for it
 * through the cache under test, and count how many of them reached the origin.
 */

export const longLived = 'max-age=3600';

/** Sends GET (or `method`) for `path` to the cache, as a client in front of it would. */
export async function viaCache(io: RunIO, path: string, fields: [string, string][] = [], method = 'GET'): Promise<HttpResponseMessage> {
  const response = await exchange(io, { method, target: path, fields });
  io.step(`the cache answered ${response.status}${describeFields(response, ['age', 'cache-control'])}, body ${JSON.stringify(response.body.toString('latin1').slice(0, 40))}`);
  return response;
}

function describeFields(response: HttpResponseMessage, names: string[]): string {
  return names.map((n) => [n, fieldValue(response, n)]).filter(([, v]) => v !== undefined).map(([n, v]) => ` ${n}: ${v}`).join(',');
}

/** Scripts one answer for every request to `path`. */
export function serve(io: RunIO, origin: OriginSession, path: string, response: ScriptedResponse): void {
  io.step(`the origin answers ${path} with ${response.status ?? 200}, ${(response.fields ?? []).map(([n, v]) => `${n}: ${v}`).join('; ')}`);
  origin.script(path, response);
}

/** How many requests for `path` reached the origin so far. */
export function originHits(io: RunIO, origin: OriginSession, path: string): number {
  const hits = origin.requests(path).length;
  io.step(`requests for the path that reached the origin: ${hits}`);
  return hits;
}

/** The body the cache answered with must be the one the origin gave. */
export function expectBody(response: HttpResponseMessage, body: string, what: string): void {
  const got = response.body.toString('latin1');
  if (got !== body) violation(`${what}: the body differs from the origin's`, JSON.stringify(body), JSON.stringify(got));
}

/** Ends the run as not applicable when the cache did not store what the rule needs stored. */
export function requireReuse(io: RunIO, hits: number, what: string): void {
  if (hits > 1) io.notApplicable(`the cache did not reuse ${what}, so this rule has nothing to judge`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An HTTP-date `seconds` from now (negative: in the past). */
export const httpDate = (seconds: number): string => new Date(Date.now() + seconds * 1000).toUTCString();

export interface TwoRequests {
  first: HttpResponseMessage;
  second: HttpResponseMessage;
  /** Requests that reached the origin for both. */
  hits: number;
}

/**
 * The origin answers `path` with `response`; the client asks twice (the second time with
 * `secondFields`), so the rule sees whether the second answer came from the store.
 */
export async function askTwice(io: RunIO, origin: OriginSession, path: string, response: ScriptedResponse, fields: { first?: [string, string][]; second?: [string, string][] } = {}): Promise<TwoRequests> {
  serve(io, origin, path, response);
  const first = await viaCache(io, path, fields.first);
  const second = await viaCache(io, path, fields.second ?? fields.first);
  return { first, second, hits: originHits(io, origin, path) };
}
