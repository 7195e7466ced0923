import { createHash } from 'node:crypto';
import { formatImfFixdate } from '../../specs/http/http-date.ts';
import { FileStore, type StoredFile, uploadArea } from './file-store.ts';
import { mediaTypeOf } from './media-types.ts';
import { isNotModified, putPreconditionFails } from './preconditions.ts';
import { RequestError } from './request-error.ts';
import type { HttpRequest } from './request-reader.ts';
import { type HttpResponse, textResponse } from './response.ts';
import { type TargetPath, parseTarget } from './target-path.ts';
import { VisitCounter, visitorCookie } from './visit-counter.ts';

/**
 * What the reference does with a well-formed request: serves the fixture site. GET and HEAD
 * of files (with validators and conditional requests), the trailing-slash redirect for
 * directories, PUT and POST into the upload area, the visit counter at /visits, OPTIONS, and
 * 405 / 501 for methods it does not allow or does not know.
 */

export interface Site {
  handle(request: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);
export const visitsPath = 'visits';

export async function openSite(docroot: string): Promise<Site> {
  const store = await FileStore.open(docroot);
  const counter = new VisitCounter();
  return {
    handle: async (request) => {
      if (!knownMethods.has(request.method)) return textResponse(501, `method ${request.method} is not supported by this server`);
      if (request.target === '*') return request.method === 'OPTIONS' ? allowResponse(204, 'GET, HEAD, POST, PUT, OPTIONS') : textResponse(400, 'asterisk-form is for OPTIONS only');
      let target: TargetPath;
      try {
        target = parseTarget(request.target);
      } catch (error) {
        if (error instanceof RequestError) return textResponse(error.status, error.reason);
        throw error;
      }
      return route(request, target, store, counter);
    },
    close: () => store.close(),
  };
}

async function route(request: HttpRequest, target: TargetPath, store: FileStore, counter: VisitCounter): Promise<HttpResponse> {
  const { method } = request;
  const allowed = allowedMethods(target);
  if (method === 'OPTIONS') return allowResponse(204, allowed);
  if (!allowed.split(', ').includes(method)) return allowResponse(405, allowed, `${method} is not allowed here`);
  if (target.segments.length === 1 && target.segments[0] === visitsPath && !target.trailingSlash) return visit(request, counter);
  if (method === 'PUT') return put(request, target, store);
  if (method === 'POST') return post(request, store);
  return get(request, target, store);
}

function allowedMethods(target: TargetPath): string {
  if (FileStore.isUploadTarget(target.segments) && !target.trailingSlash) return 'GET, HEAD, PUT, OPTIONS';
  if (target.segments.length === 1 && target.segments[0] === uploadArea && target.trailingSlash) return 'GET, HEAD, POST, OPTIONS';
  return 'GET, HEAD, OPTIONS';
}

function allowResponse(status: 204 | 405, allowed: string, text = ''): HttpResponse {
  if (status === 204) return { status, fields: [['Allow', allowed]], body: Buffer.alloc(0) };
  return textResponse(status, text, [['Allow', allowed]]);
}

async function get(request: HttpRequest, target: TargetPath, store: FileStore): Promise<HttpResponse> {
  let found = await store.lookup(target.segments);
  if (found.kind === 'directory') {
    if (!target.trailingSlash) return textResponse(301, 'moved', [['Location', `${target.rawPath}/${target.query}`]]);
    found = await store.lookup([...target.segments, 'index.html']);
  } else if (found.kind === 'file' && target.trailingSlash) {
    found = { kind: 'missing' };
  }
  if (found.kind !== 'file') return textResponse(404, 'not found');
  return representation(request, found.file);
}

/** 200 with the file, or 304 when a precondition says the client's copy is current. */
function representation(request: HttpRequest, file: StoredFile): HttpResponse {
  const etag = entityTag(file.bytes);
  const modified = lastModified(file);
  if (isNotModified(request.fields, etag, modified)) return { status: 304, fields: [['ETag', etag]], body: Buffer.alloc(0) };
  const fields: [string, string][] = [];
  const type = mediaTypeOf(file.name);
  if (type) fields.push(['Content-Type', type]);
  fields.push(['Last-Modified', formatImfFixdate(modified)], ['ETag', etag]);
  return { status: 200, fields, body: file.bytes, headOnly: request.method === 'HEAD' };
}

/** Tags already computed, by the (cached, never mutated) bytes they were computed from. */
const entityTags = new WeakMap<Buffer, string>();

/** A strong validator from the content itself: equal bytes, equal tag (RFC 9110 §8.8.3). */
export function entityTag(bytes: Buffer): string {
  const known = entityTags.get(bytes);
  if (known !== undefined) return known;
  const tag = `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 20)}"`;
  entityTags.set(bytes, tag);
  return tag;
}

/** The file's time to the second, never later than now (RFC 9110 §8.8.2.1). */
function lastModified(file: StoredFile): Date {
  const seconds = Math.min(Math.floor(file.modified.getTime() / 1000), Math.floor(Date.now() / 1000));
  return new Date(seconds * 1000);
}

async function put(request: HttpRequest, target: TargetPath, store: FileStore): Promise<HttpResponse> {
  if (request.framing.kind === 'none') return textResponse(411, 'PUT needs Content-Length or chunked');
  const current = await store.lookup(target.segments);
  const currentTag = current.kind === 'file' ? entityTag(current.file.bytes) : undefined;
  if (putPreconditionFails(request.fields, currentTag)) return textResponse(412, 'If-None-Match matched');
  const outcome = await store.write(target.segments, request.body);
  if (outcome === 'full') return textResponse(507, 'the upload area is full');
  // Stored byte for byte, so the validator of the new representation may be sent (RFC 9110 §9.3.4).
  const etag: [string, string] = ['ETag', entityTag(request.body)];
  if (outcome === 'replaced') return { status: 204, fields: [etag], body: Buffer.alloc(0) };
  return textResponse(201, 'created', [['Location', `/${target.segments.join('/')}`], etag]);
}

async function post(request: HttpRequest, store: FileStore): Promise<HttpResponse> {
  if (request.framing.kind === 'none') return textResponse(411, 'POST needs Content-Length or chunked');
  const name = await store.freshUploadName();
  const outcome = await store.write([uploadArea, name], request.body);
  if (outcome === 'full') return textResponse(507, 'the upload area is full');
  return textResponse(201, 'created', [['Location', `/${uploadArea}/${name}`]]);
}

/** The visit counter: a cookie on the first visit, one more visit per request that returns it. */
function visit(request: HttpRequest, counter: VisitCounter): HttpResponse {
  const cookies = request.fields.filter((f) => f.name === 'cookie').map((f) => f.value);
  const { id, count, known } = counter.visit(cookies);
  const fields: [string, string][] = [['Content-Type', 'text/plain; charset=utf-8'], ['Cache-Control', 'no-store']];
  if (!known) fields.push(['Set-Cookie', `${visitorCookie}=${id}; Path=/; Max-Age=86400; HttpOnly`]);
  const body = Buffer.from(`visits: ${count}\n`, 'latin1');
  return { status: 200, fields, body, headOnly: request.method === 'HEAD', chunked: request.minor >= 1 };
}
