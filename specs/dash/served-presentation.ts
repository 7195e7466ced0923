import fc from 'fast-check';
import { violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { exchange } from '../http/requests.ts';
import type { HttpResponseMessage } from '../http/response-reader.ts';
import { manifestPath } from './fixture-presentation.ts';
import { initUrl, type MpdClause, MpdError, parseMpd, type Presentation, type Representation, segmentUrl } from './mpd.ts';

/**
 * What the dash rules share: the target's own MPD, fetched from the contract's path and read
 * strictly (specs/dash/mpd.ts), and the URLs of its segments resolved against the MPD. Rules
 * judge the server against the MPD it serves, so any presentation (the generated fixture, an
 * ffmpeg encode) can be checked.
 */

export interface ServedMpd {
  response: HttpResponseMessage;
  presentation: Presentation;
}

export async function get(io: RunIO, path: string, fields: [string, string][] = [], method = 'GET'): Promise<HttpResponseMessage> {
  return exchange(io, { method, target: path, fields });
}

/**
 * The served MPD. A rule about `clause` fails when the MPD breaks that clause; any other rule
 * is not applicable when the MPD cannot be fetched or read (the rule of that clause reports it).
 */
export async function servedMpd(io: RunIO, clause?: MpdClause): Promise<ServedMpd> {
  return readServedMpd(io, await get(io, manifestPath), clause);
}

/** servedMpd's verdicts on an answer to GET /manifest.mpd already read (e.g. on a persistent connection). */
export function readServedMpd(io: RunIO, response: HttpResponseMessage, clause?: MpdClause): ServedMpd {
  if (response.status !== 200) {
    if (clause === '5.3.1.2') violation(`GET ${manifestPath} answered ${response.status}`, '200 with the MPD', String(response.status));
    io.notApplicable(`GET ${manifestPath} answered ${response.status}`);
  }
  try {
    return { response, presentation: parseMpd(response.body.toString('utf8')) };
  } catch (error) {
    if (!(error instanceof MpdError)) throw error;
    if (error.clause === clause) violation(error.message, `an MPD conforming to ISO/IEC 23009-1 ${clause}`, error.message);
    return io.notApplicable(`the MPD cannot be read (${error.message})`);
  }
}

/** The request path of a URL relative to the MPD (its BaseURL, else the MPD's own URL). */
export function requestPath(presentation: Presentation, relative: string): string {
  const mpdUrl = new URL(manifestPath, 'http://target.invalid');
  const base = presentation.baseUrl === undefined ? mpdUrl : new URL(presentation.baseUrl, mpdUrl);
  const url = new URL(relative, base);
  return `${url.pathname}${url.search}`;
}

/** Which Representation and segment a run picks: indexes reduced modulo what the MPD has. */
export interface SegmentChoice {
  representation: number;
  segment: number;
}

export const segmentChoice = (): fc.Arbitrary<SegmentChoice> =>
  fc.record({ representation: fc.nat({ max: 63 }), segment: fc.nat({ max: 10_000 }) });

export function pick(presentation: Presentation, choice: SegmentChoice): { rep: Representation; number: number; path: string } {
  const reps = presentation.representations;
  const rep = reps[choice.representation % reps.length] as Representation;
  const number = rep.startNumber + (choice.segment % rep.segmentCount);
  return { rep, number, path: requestPath(presentation, segmentUrl(rep, number)) };
}

export function initPath(presentation: Presentation, rep: Representation): string | undefined {
  const url = initUrl(rep);
  return url === undefined ? undefined : requestPath(presentation, url);
}

/** GETs a segment whole and insists on 200 (rules about other things start from it). */
export async function wholeSegment(io: RunIO, path: string): Promise<HttpResponseMessage> {
  const response = await get(io, path);
  if (response.status !== 200) io.notApplicable(`GET ${path} answered ${response.status}, not 200 (see the segments-served rule)`);
  return response;
}

/** The served MPD, a drawn segment of it, and that segment fetched whole (200). */
export async function drawnSegment(io: RunIO, choice: SegmentChoice): Promise<{ rep: Representation; path: string; response: HttpResponseMessage }> {
  const { presentation } = await servedMpd(io);
  const { rep, path } = pick(presentation, choice);
  io.step(`GET ${path}`);
  return { rep, path, response: await wholeSegment(io, path) };
}
