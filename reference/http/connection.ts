import type net from 'node:net';
import { listElements } from '../../specs/http/grammar.ts';
import { type ParserHooks, type HttpRequest, RequestReader } from './request-reader.ts';
import type { RequestLimits } from './request-limits.ts';
import { type HttpResponse, serializeResponse, textResponse } from './response.ts';
import type { Site } from './site.ts';

/**
 * One client connection: requests are read in order and answered in order (RFC 9112 §9.3.2),
 * one at a time; the connection persists unless the request or the response says otherwise
 * (§9.3), and is closed after any error that leaves the framing in doubt.
 */

/**
 * Where a planted-bug server changes the reference (fixtures/http/mutants). The reference
 * itself sets none of these; each is read at exactly one place.
 */
export interface ReferenceHooks extends ParserHooks {
  /** Changes a response before it is serialized (may take time, to model slow handlers). */
  rewriteResponse?: (response: HttpResponse, request: HttpRequest) => HttpResponse | Promise<HttpResponse>;
  /** Changes the serialized bytes of a response. */
  rewriteBytes?: (bytes: Buffer, request: HttpRequest | undefined) => Buffer;
  /** Overrides whether the connection is really closed after a response (`close` is the reference's choice). */
  keepOpen?: (close: boolean, request: HttpRequest | undefined) => boolean;
  /** Holds a response back and sends it after the next pipelined one (answers out of order). */
  deferResponse?: (response: HttpResponse, request: HttpRequest) => boolean;
}

export interface ConnectionSettings {
  limits: RequestLimits;
  idleTimeoutMs: number;
  /** How long a started request may take to arrive whole (a slow sender cannot hold a connection forever). */
  requestTimeoutMs: number;
  hooks: ReferenceHooks;
}

/** Bytes buffered beyond one maximal request before the client is considered abusive. */
const bufferSlack = 1024 * 1024;

export function serveConnection(socket: net.Socket, site: Site, settings: ConnectionSettings): void {
  const { hooks } = settings;
  let reader = new RequestReader(settings.limits, hooks);
  let busy = false;
  let ending = false;
  let deferred: { response: HttpResponse; request: HttpRequest } | undefined;

  let stalled: NodeJS.Timeout | undefined;
  /**
   * Starts the clock when part of a request waits in the buffer and stops it when none does;
   * a request read whole (`progress`) restarts it.
   */
  const watchPartialRequest = (progress: boolean): void => {
    if (progress || reader.buffered === 0 || ending) {
      clearTimeout(stalled);
      stalled = undefined;
    }
    if (reader.buffered > 0 && !ending) {
      stalled ??= setTimeout(() => void finish(textResponse(408, 'the request did not arrive in time'), undefined, true), settings.requestTimeoutMs);
    }
  };
  socket.setTimeout(settings.idleTimeoutMs, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('close', () => clearTimeout(stalled));
  socket.on('data', (chunk: Buffer) => {
    if (ending) return;
    reader.push(chunk);
    if (reader.buffered > settings.limits.headerSectionBytes + settings.limits.bodyBytes + bufferSlack) {
      void finish(textResponse(413, 'too much data'), undefined, true);
      return;
    }
    void pump();
  });

  const write = (bytes: Buffer): Promise<void> =>
    new Promise((resolve) => {
      if (socket.destroyed) resolve();
      else if (socket.write(bytes)) resolve();
      else socket.once('drain', resolve).once('close', resolve);
    });

  /** Writes a response; returns whether the connection goes on. */
  const finish = (response: HttpResponse, request: HttpRequest | undefined, close: boolean): Promise<boolean> => {
    const option = close ? 'close' : request?.minor === 0 ? 'keep-alive' : undefined;
    let bytes = serializeResponse(response, option);
    if (hooks.rewriteBytes) bytes = hooks.rewriteBytes(bytes, request);
    const written = write(bytes);
    const reallyClose = hooks.keepOpen ? !hooks.keepOpen(close, request) : close;
    if (reallyClose) {
      ending = true;
      socket.end();
    }
    return written.then(() => !reallyClose);
  };

  const answer = async (request: HttpRequest): Promise<[HttpResponse, boolean]> => {
    let response: HttpResponse;
    try {
      response = await site.handle(request);
    } catch {
      response = { ...textResponse(500, 'internal error'), close: true };
    }
    if (hooks.rewriteResponse) response = await hooks.rewriteResponse(response, request);
    return [response, wantsClose(request) || response.close === true];
  };

  const pump = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      await answerPending();
    } catch {
      // A fault of ours (or of a planted hook) costs this connection, never the server.
      socket.destroy();
    } finally {
      busy = false;
    }
  };

  /** Reads and answers every complete request in the buffer, in order. */
  const answerPending = async (): Promise<void> => {
    while (!ending && !socket.destroyed) {
      const step = reader.next();
      if (step.kind === 'incomplete') {
        watchPartialRequest(false);
        break;
      }
      if (step.kind === 'error') {
        const goesOn = await finish(textResponse(step.error.status, step.error.reason), undefined, true);
        if (!goesOn) break;
        reader = new RequestReader(settings.limits, hooks);
        continue;
      }
      watchPartialRequest(true);
      const [response, close] = await answer(step.request);
      if (!deferred && !close && reader.buffered > 0 && hooks.deferResponse?.(response, step.request)) {
        deferred = { response, request: step.request };
        continue;
      }
      if (!(await finish(response, step.request, close))) break;
      if (deferred && !(await finish(deferred.response, deferred.request, false))) break;
      deferred = undefined;
    }
    if (deferred && !ending) await finish(deferred.response, deferred.request, false);
    deferred = undefined;
  };
}

/** RFC 9112 §9.3 and §9.6: close when asked to, and for HTTP/1.0 unless keep-alive was asked for. */
function wantsClose(request: HttpRequest): boolean {
  const options = request.fields.filter((f) => f.name === 'connection').flatMap((f) => listElements(f.value.toLowerCase()));
  if (options.includes('close')) return true;
  return request.minor === 0 && !options.includes('keep-alive');
}
