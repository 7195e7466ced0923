import { createHash } from 'node:crypto';
import net from 'node:net';
import type { RunningServer } from '../../harness/core/suite.ts';
import { opaqueTag } from '../../specs/http/grammar.ts';
import { formatImfFixdate } from '../../specs/http/http-date.ts';
import { fixtureFiles, type FixtureDescription, manifestPath } from '../../specs/dash/fixture-presentation.ts';
import type { Presentation } from '../../specs/dash/mpd.ts';
import { serveConnection } from '../http/connection.ts';
import type { HttpRequest } from '../http/request-reader.ts';
import { defaultRequestLimits } from '../http/request-limits.ts';
import { type HttpResponse, textResponse } from '../http/response.ts';
import type { Site } from '../http/site.ts';
import { parseTarget } from '../http/target-path.ts';
import { parseByteRanges, rangeResponse } from './byte-ranges.ts';
import { listenOn } from '../listening.ts';

/**
 * The reference DASH server: the generated fixture (specs/dash/fixture-presentation.ts) over
 * the HTTP/1.1 connection handling of reference/http. GET and HEAD; the MPD as
 * application/dash+xml, segments as video/mp4, strong ETags and a Last-Modified date; byte
 * ranges per RFC 9110 §14 (byte-ranges.ts); 404 for anything else.
 */

/** One planted bug each (fixtures/dash/mutants); the reference sets none. Each is read at one place. */
export type DashFault =
  | 'mpd-text-plain'
  | 'segment-octet-stream'
  | 'no-accept-ranges'
  | 'range-off-by-one'
  | 'suffix-from-start'
  | 'open-range-ignored'
  | 'multirange-concatenated'
  | 'multirange-whole'
  | 'unsatisfiable-200'
  | 'unsatisfiable-no-content-range'
  | 'unknown-unit-honoured'
  | 'if-range-ignored'
  | 'past-end-416'
  | 'head-wrong-length'
  | 'chunked-segments'
  | 'close-every-response';

export interface DashSiteOptions {
  description: FixtureDescription;
  presentation: Presentation;
  faults?: DashFault[];
  /** Rewrites the MPD text (mutants that break it). */
  rewriteMpd?: (xml: string) => string;
  /** Rewrites the file table: drops or adds files, changes their bytes (mutants). */
  rewriteFiles?: (files: Map<string, () => Buffer>) => void;
}

const lastModified = formatImfFixdate(new Date(Date.UTC(2026, 0, 1)));
const segmentType = 'video/mp4';
const mpdType = 'application/dash+xml';

export function openDashSite(options: DashSiteOptions): Site {
  const faults = new Set(options.faults ?? []);
  const files = fixtureFiles(options.description, options.presentation);
  if (options.rewriteMpd) {
    const rewrite = options.rewriteMpd;
    const original = files.get(manifestPath.slice(1));
    if (original) files.set(manifestPath.slice(1), () => Buffer.from(rewrite(original().toString('utf8')), 'utf8'));
  }
  options.rewriteFiles?.(files);
  // Bytes are a function of the name, so each file's tag is computed once.
  const etags = new Map<string, string>();
  const etagOf = (name: string, body: Buffer): string => {
    let tag = etags.get(name);
    if (tag === undefined) {
      tag = `"${createHash('sha1').update(body).digest('hex').slice(0, 20)}"`;
      etags.set(name, tag);
    }
    return tag;
  };
  const handle = async (request: HttpRequest): Promise<HttpResponse> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, `${request.method} is not allowed here`, [['Allow', 'GET, HEAD']]);
    }
    const target = parseTarget(request.target);
    const name = target.segments.join('/');
    const make = target.trailingSlash ? undefined : files.get(name);
    if (!make) return textResponse(404, 'not found');
    const isMpd = `/${name}` === manifestPath;
    const body = make();
    const contentType = isMpd ? (faults.has('mpd-text-plain') ? 'text/plain' : mpdType) : faults.has('segment-octet-stream') ? 'application/octet-stream' : segmentType;
    const etag = etagOf(name, body);
    const fields: [string, string][] = [['Content-Type', contentType], ['ETag', etag], ['Last-Modified', lastModified]];
    if (!faults.has('no-accept-ranges')) fields.push(['Accept-Ranges', 'bytes']);
    const full: HttpResponse = { status: 200, fields, body, ...(faults.has('close-every-response') ? { close: true } : {}) };
    if (request.method === 'HEAD') {
      if (faults.has('head-wrong-length')) return { ...full, body: body.subarray(0, Math.max(0, body.length - 1)), headOnly: true };
      return { ...full, headOnly: true };
    }
    const answer = ranged(request, full, contentType, etag, faults);
    if (faults.has('chunked-segments') && !isMpd && answer.status === 200) return { ...answer, chunked: true };
    return answer;
  };
  return { handle, close: async () => {} };
}

function field(request: HttpRequest, name: string): string | undefined {
  const found = request.fields.filter((f) => f.name === name);
  return found.length === 1 ? (found[0] as { value: string }).value : undefined;
}

function ranged(request: HttpRequest, full: HttpResponse, contentType: string, etag: string, faults: Set<DashFault>): HttpResponse {
  const range = field(request, 'range');
  if (range === undefined) return full;
  const ifRange = field(request, 'if-range');
  // RFC 9110 §13.1.5: a strong entity-tag or the exact date must match, else the whole representation.
  if (ifRange !== undefined && !faults.has('if-range-ignored')) {
    const matches = ifRange.startsWith('"') ? opaqueTag(ifRange) === opaqueTag(etag) : ifRange === lastModified;
    if (!matches) return full;
  }
  const length = full.body.length;
  let text = range;
  if (faults.has('unknown-unit-honoured')) text = text.replace(/^[a-z]+=/i, 'bytes=');
  let ranges = parseByteRanges(text, length);
  if (ranges === undefined) return full;
  if (ranges.length === 0) {
    if (faults.has('unsatisfiable-200')) return full;
    const refused = rangeResponse(full, [], contentType);
    if (faults.has('unsatisfiable-no-content-range')) return { ...refused, fields: refused.fields.filter(([n]) => n !== 'Content-Range') };
    return refused;
  }
  const specs = text.replace(/^bytes=/i, '').split(',').map((s) => s.trim());
  if (faults.has('past-end-416') && specs.some((s) => /^\d+-\d+$/.test(s) && Number(s.split('-')[1]) >= length)) return rangeResponse(full, [], contentType);
  if (faults.has('range-off-by-one')) ranges = ranges.map((r, i) => (/^\d+-\d+$/.test(specs[i] ?? '') && r.last < length - 1 ? { ...r, last: r.last + 1 } : r));
  if (faults.has('suffix-from-start')) ranges = ranges.map((r, i) => ((specs[i] ?? '').startsWith('-') ? { first: 0, last: r.last - r.first } : r));
  if (faults.has('open-range-ignored') && specs.some((s) => /^\d+-$/.test(s))) return full;
  if (faults.has('multirange-whole') && ranges.length > 1) return full;
  if (faults.has('multirange-concatenated') && ranges.length > 1) {
    const body = Buffer.concat(ranges.map((r) => full.body.subarray(r.first, r.last + 1)));
    const first = ranges[0] as { first: number };
    return { status: 206, fields: [...full.fields, ['Content-Range', `bytes ${first.first}-${first.first + body.length - 1}/${length}`]], body };
  }
  return rangeResponse(full, ranges, contentType);
}

export interface DashServerOptions extends DashSiteOptions {
  host: string;
  port: number;
}

/** Listens with the site; connections handled by reference/http's serveConnection. */
export async function listenDashSite(options: DashServerOptions): Promise<RunningServer> {
  const site = openDashSite(options);
  const settings = { limits: defaultRequestLimits, idleTimeoutMs: 15_000, requestTimeoutMs: 30_000, hooks: {} };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    serveConnection(socket, site, settings);
  });
  server.on('error', () => {});
  const port = await listenOn(server, options.port, options.host);
  return {
    endpoint: { host: options.host, port },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
