import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectMatch, expectOneOf, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { requestOn } from '../http/requests.ts';
import { endsConnection, fieldValue } from '../http/response-reader.ts';
import { manifestPath } from './fixture-presentation.ts';
import { boundaryOf, parseByteranges } from './multipart-byteranges.ts';
import { segmentUrl } from './mpd.ts';
import { drawnSegment, get, pick, readServedMpd, requestPath, segmentChoice, servedMpd, wholeSegment } from './served-presentation.ts';

/**
 * HTTP semantics of serving the presentation (RFC 9110, RFC 9112): media types, lengths, HEAD,
 * 404 past the end, persistent connections, and range requests (§14), which DASH clients use to
 * fetch parts of segments. Each range rule draws a Representation, a segment and the range from
 * fractions of the segment's length, and compares the answer with the whole segment.
 */

const cite = (sectionNumber: string, title: string, rfc = 'RFC 9110') => ({ suite: 'dash', rfc, section: sectionNumber, title });
const mediaType = (value: string | undefined): string => (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** A byte position as a fraction of a length, so ranges shrink toward the start. */
const fraction = fc.integer({ min: 0, max: 999 });
const at = (f: number, length: number): number => Math.floor((f / 1000) * length);

const contentType = section(cite('8.3', 'Content-Type'), [
  rule({
    slug: 'mpd-media-type',
    level: 'SHOULD',
    title: 'The MPD is sent with Content-Type application/dash+xml (the type ISO/IEC 23009-1 registers for it)',
    sends: 'GET /manifest.mpd',
    input: fc.constant(null),
    maxRuns: 1,
    check: async (io) => {
      const { response } = await servedMpd(io);
      io.step(`GET ${manifestPath}`);
      expectEqual('media type of the MPD', mediaType(fieldValue(response, 'content-type')), 'application/dash+xml');
    },
  }),
  rule({
    slug: 'segment-media-type',
    level: 'SHOULD',
    title: 'A media segment is sent with a video Content-Type: the Representation\'s @mimeType, video/mp4 or video/iso.segment',
    sends: 'GET /manifest.mpd, then GET of a drawn segment',
    input: segmentChoice(),
    maxRuns: 10,
    concurrent: true,
    check: async (io, choice) => {
      const { rep, path, response } = await drawnSegment(io, choice);
      expectOneOf(`media type of ${path}`, mediaType(fieldValue(response, 'content-type')), [rep.mimeType.toLowerCase(), 'video/mp4', 'video/iso.segment']);
    },
  }),
]);

const contentLength = section(cite('8.6', 'Content-Length'), [
  rule({
    slug: 'segment-content-length',
    level: 'SHOULD',
    title: 'A segment (whose size is known in advance) is sent with a Content-Length equal to its bytes',
    sends: 'GET /manifest.mpd, then GET of a drawn segment',
    input: segmentChoice(),
    maxRuns: 10,
    concurrent: true,
    check: async (io, choice) => {
      const { path, response } = await drawnSegment(io, choice);
      expectEqual(`Content-Length of ${path}`, fieldValue(response, 'content-length'), String(response.body.length));
    },
  }),
]);

const head = section(cite('9.3.2', 'HEAD'), [
  rule({
    slug: 'head-matches-get',
    level: 'SHOULD',
    title: 'HEAD of a segment gives the status, Content-Type and Content-Length GET gives, and no body',
    sends: 'GET /manifest.mpd, then HEAD and GET of a drawn segment',
    input: segmentChoice(),
    maxRuns: 10,
    concurrent: true,
    check: async (io, choice) => {
      const { presentation } = await servedMpd(io);
      const { path } = pick(presentation, choice);
      io.step(`HEAD ${path}, then GET ${path}`);
      const headed = await get(io, path, [], 'HEAD');
      const got = await wholeSegment(io, path);
      expectEqual(`status of HEAD ${path}`, headed.status, got.status);
      expectEqual(`Content-Type of HEAD ${path}`, fieldValue(headed, 'content-type'), fieldValue(got, 'content-type'));
      expectEqual(`Content-Length of HEAD ${path}`, fieldValue(headed, 'content-length'), String(got.body.length));
    },
  }),
]);

const notFound = section(cite('15.5.5', '404 Not Found'), [
  rule({
    slug: 'segment-past-end-404',
    level: 'SHOULD',
    title: 'A segment number past the end of the static presentation names no resource: 404',
    sends: 'GET /manifest.mpd, then GET of the template with a number beyond the last segment',
    input: fc.record({ choice: segmentChoice(), beyond: fc.integer({ min: 0, max: 50 }) }),
    maxRuns: 10,
    concurrent: true,
    check: async (io, { choice, beyond }) => {
      const { presentation } = await servedMpd(io);
      const { rep } = pick(presentation, choice);
      const last = rep.startNumber + rep.segmentCount - 1;
      const number = last + 1 + beyond;
      const target = requestPath(presentation, segmentUrl(rep, number));
      io.step(`GET ${target} (segment ${number}; the last is ${last})`);
      const response = await get(io, target);
      expectEqual(`status of GET ${target}`, response.status, 404);
    },
  }),
]);

const persistence = section(cite('9.3', 'Persistence', 'RFC 9112'), [
  rule({
    slug: 'segments-on-one-connection',
    level: 'SHOULD',
    title: 'The MPD and several segments can be fetched one after another on one persistent connection',
    sends: 'GET /manifest.mpd, then GET of three drawn segments on the same connection',
    input: fc.array(segmentChoice(), { minLength: 3, maxLength: 3 }),
    maxRuns: 10,
    check: async (io, choices) => {
      const connection = await io.tcp();
      io.step(`GET ${manifestPath} on a new connection`);
      const first = await requestOn(io, connection, { target: manifestPath });
      const { presentation } = readServedMpd(io, first);
      for (const choice of choices) {
        expectThat(!endsConnection(first), 'the server announced it closes the connection after the MPD', 'a persistent connection', 'Connection: close');
        const { path } = pick(presentation, choice);
        io.step(`GET ${path} on the same connection`);
        const response = await requestOn(io, connection, { target: path });
        if (response.status !== 200) return io.notApplicable(`GET ${path} answered ${response.status} (see every-segment-served)`);
        expectThat(!endsConnection(response), `the server closes the connection after ${path}`, 'a persistent connection', 'Connection: close');
      }
    },
  }),
]);

/** Two to three disjoint, non-adjacent ranges from cut points given as fractions of the length. */
function severalRanges(cuts: number[], length: number): [number, number][] {
  const points = [...new Set(cuts.map((c) => at(c, length)))].sort((x, y) => x - y);
  let ranges: [number, number][] = [];
  for (let i = 0; i + 1 < points.length; i += 2) ranges.push([points[i] as number, (points[i + 1] as number) - 1]);
  ranges = ranges.filter(([f, l], i) => l >= f && (i === 0 || f > (ranges[i - 1] as [number, number])[1] + 1));
  return ranges.length < 2 ? [[0, 0], [2, 2]] : ranges;
}

const multiRangeInput = fc.record({ choice: segmentChoice(), cuts: fc.uniqueArray(fc.integer({ min: 1, max: 998 }), { minLength: 4, maxLength: 6 }) });

/** GETs a drawn segment whole, then with several disjoint ranges. */
async function multiRanged(io: Parameters<typeof get>[0], { choice, cuts }: { choice: { representation: number; segment: number }; cuts: number[] }) {
  let ranges: [number, number][] = [];
  const result = await wholeAndRanged(io, choice, (length) => {
    ranges = severalRanges(cuts, length);
    return `bytes=${ranges.map(([f, l]) => `${f}-${l}`).join(',')}`;
  });
  return { ...result, ranges };
}

const acceptsBytes = /(^|,)\s*bytes\s*(,|$)/i;

const acceptRanges = section(cite('14.3', 'Accept-Ranges'), [
  rule({
    slug: 'segments-accept-byte-ranges',
    level: 'MAY',
    title: 'Segment responses advertise Accept-Ranges: bytes (the fixture contract requires range support)',
    sends: 'GET /manifest.mpd, then GET of a drawn segment',
    input: segmentChoice(),
    maxRuns: 10,
    concurrent: true,
    check: async (io, choice) => {
      const { path, response } = await drawnSegment(io, choice);
      expectMatch(`Accept-Ranges of ${path}`, fieldValue(response, 'accept-ranges') ?? '', acceptsBytes);
    },
  }),
  rule({
    slug: 'advertised-multirange-honoured',
    level: 'MAY',
    title: 'A server advertising Accept-Ranges: bytes on a segment answers two or more disjoint ranges of it with 206, not the whole segment (the fixture contract requires multipart/byteranges)',
    sends: 'GET of a drawn segment whole, then with Range: bytes=a-b,c-d[,e-f]',
    input: multiRangeInput,
    maxRuns: 10,
    concurrent: true,
    check: async (io, input) => {
      const { path, wholeResponse, ranged, value } = await multiRanged(io, input);
      if (!acceptsBytes.test(fieldValue(wholeResponse, 'accept-ranges') ?? '')) return io.notApplicable(`GET ${path} does not advertise Accept-Ranges: bytes (see segments-accept-byte-ranges)`);
      expectEqual(`status of GET ${path} with Range: ${value}`, ranged.status, 206);
    },
  }),
]);

/** GETs the whole segment, then the same with the given fields (a Range, an If-Range). */
async function wholeAndRanged(io: Parameters<typeof get>[0], choice: { representation: number; segment: number }, range: (length: number) => string, extra: [string, string][] = []) {
  const { presentation } = await servedMpd(io);
  const { path } = pick(presentation, choice);
  io.step(`GET ${path}`);
  const whole = await wholeSegment(io, path);
  const value = range(whole.body.length);
  io.step(`GET ${path} with Range: ${value}${extra.map(([n, v]) => `, ${n}: ${v}`).join('')}`);
  const ranged = await get(io, path, [['Range', value], ...extra]);
  return { path, whole: whole.body, wholeResponse: whole, ranged, value };
}

function expectPartial(what: string, ranged: Awaited<ReturnType<typeof get>>, whole: Buffer, first: number, last: number): void {
  expectEqual(`status of ${what}`, ranged.status, 206);
  expectEqual(`Content-Range of ${what}`, fieldValue(ranged, 'content-range'), `bytes ${first}-${last}/${whole.length}`);
  expectBytesEqual(`body of ${what}`, ranged.body, whole.subarray(first, last + 1));
}

const rangeInput = fc.record({ choice: segmentChoice(), a: fraction, b: fraction });

const singlePart = section(cite('15.3.7.1', 'Single Part'), [
  rule({
    slug: 'single-range-206',
    level: 'MUST',
    title: 'One satisfiable byte range gives 206 with Content-Range "bytes first-last/length" and exactly those bytes',
    sends: 'GET of a drawn segment whole, then with Range: bytes=first-last',
    input: rangeInput,
    maxRuns: 25,
    concurrent: true,
    check: async (io, { choice, a, b }) => {
      let first = 0;
      let last = 0;
      const { path, whole, ranged } = await wholeAndRanged(io, choice, (length) => {
        first = at(Math.min(a, b), length);
        last = Math.max(first, at(Math.max(a, b), length));
        return `bytes=${first}-${last}`;
      });
      expectPartial(`GET ${path} with one range`, ranged, whole, first, last);
    },
  }),
]);

const byteRanges = section(cite('14.1.2', 'Byte Ranges'), [
  rule({
    slug: 'suffix-range',
    level: 'MUST',
    title: 'A suffix range bytes=-N selects the last N bytes',
    sends: 'GET of a drawn segment whole, then with Range: bytes=-N',
    input: fc.record({ choice: segmentChoice(), a: fc.integer({ min: 1, max: 999 }) }),
    maxRuns: 20,
    concurrent: true,
    check: async (io, { choice, a }) => {
      let count = 1;
      const { path, whole, ranged } = await wholeAndRanged(io, choice, (length) => {
        count = Math.max(1, at(a, length));
        return `bytes=-${count}`;
      });
      expectPartial(`GET ${path} with a suffix range`, ranged, whole, whole.length - count, whole.length - 1);
    },
  }),
  rule({
    slug: 'open-range',
    level: 'MUST',
    title: 'A range bytes=N- without a last position runs to the end of the segment',
    sends: 'GET of a drawn segment whole, then with Range: bytes=N-',
    input: fc.record({ choice: segmentChoice(), a: fraction }),
    maxRuns: 20,
    concurrent: true,
    check: async (io, { choice, a }) => {
      let first = 0;
      const { path, whole, ranged } = await wholeAndRanged(io, choice, (length) => {
        first = at(a, length);
        return `bytes=${first}-`;
      });
      expectPartial(`GET ${path} with an open range`, ranged, whole, first, whole.length - 1);
    },
  }),
  rule({
    slug: 'last-position-past-end',
    level: 'MUST',
    title: 'A last position at or past the end is taken as the last byte: 206 up to the end, not 416',
    sends: 'GET of a drawn segment whole, then with Range: bytes=first-(length+k)',
    input: fc.record({ choice: segmentChoice(), a: fraction, k: fc.integer({ min: 0, max: 100_000 }) }),
    maxRuns: 20,
    concurrent: true,
    check: async (io, { choice, a, k }) => {
      let first = 0;
      const { path, whole, ranged } = await wholeAndRanged(io, choice, (length) => {
        first = at(a, length);
        return `bytes=${first}-${length + k}`;
      });
      expectPartial(`GET ${path} with a last position past the end`, ranged, whole, first, whole.length - 1);
    },
  }),
]);

const multipleParts = section(cite('15.3.7.2', 'Multiple Parts'), [
  rule({
    slug: 'multipart-byteranges',
    level: 'MUST',
    title: 'A 206 answer to two or more disjoint ranges is multipart/byteranges, one part per range with its Content-Range and bytes (a server ignoring Range sends 200 with the whole segment, §14.2)',
    sends: 'GET of a drawn segment whole, then with Range: bytes=a-b,c-d[,e-f]',
    input: multiRangeInput,
    maxRuns: 10,
    concurrent: true,
    check: async (io, input) => {
      const { path, whole, ranged, ranges } = await multiRanged(io, input);
      if (ranged.status === 200) {
        expectBytesEqual(`body of the 200 answer to GET ${path} with several ranges`, ranged.body, whole);
        return;
      }
      expectEqual(`status of GET ${path} with several ranges`, ranged.status, 206);
      const type = fieldValue(ranged, 'content-type') ?? '';
      const boundary = boundaryOf(type);
      expectThat(boundary !== undefined, `206 to several ranges is not multipart/byteranges with a boundary`, 'multipart/byteranges; boundary=…', type);
      const parts = parseByteranges(ranged.body, boundary);
      expectEqual('number of parts', parts.length, ranges.length);
      parts.forEach((part, i) => {
        const [first, last] = ranges[i] as [number, number];
        expectEqual(`Content-Range of part ${i + 1}`, part.contentRange, `bytes ${first}-${last}/${whole.length}`);
        expectBytesEqual(`bytes of part ${i + 1}`, part.bytes, whole.subarray(first, last + 1));
      });
    },
  }),
]);

const contentRange = section(cite('14.4', 'Content-Range'), [
  rule({
    slug: 'unsatisfiable-416',
    level: 'SHOULD',
    title: 'A range starting at or past the end is not satisfiable: 416 with Content-Range "bytes */length"',
    sends: 'GET of a drawn segment whole, then with Range: bytes=(length+k)-',
    input: fc.record({ choice: segmentChoice(), k: fc.integer({ min: 0, max: 100_000 }) }),
    maxRuns: 15,
    concurrent: true,
    check: async (io, { choice, k }) => {
      const { path, whole, ranged } = await wholeAndRanged(io, choice, (length) => `bytes=${length + k}-`);
      expectEqual(`status of GET ${path} with an unsatisfiable range`, ranged.status, 416);
      expectEqual(`Content-Range of the 416`, fieldValue(ranged, 'content-range'), `bytes */${whole.length}`);
    },
  }),
]);

const rangeField = section(cite('14.2', 'Range'), [
  rule({
    slug: 'unknown-unit-ignored',
    level: 'MUST',
    title: 'A Range in a unit the server does not know is ignored: 200 with the whole segment',
    sends: 'GET of a drawn segment whole, then with Range: <unknown unit>=first-last',
    input: fc.record({ choice: segmentChoice(), a: fraction, unit: fc.constantFrom('items', 'chunks', 'frames', 'octets') }),
    maxRuns: 15,
    concurrent: true,
    check: async (io, { choice, a, unit }) => {
      const { path, whole, ranged } = await wholeAndRanged(io, choice, (length) => `${unit}=0-${at(a, length)}`);
      expectEqual(`status of GET ${path} with a ${unit} range`, ranged.status, 200);
      expectBytesEqual(`body of GET ${path} with a ${unit} range`, ranged.body, whole);
    },
  }),
]);

const ifRange = section(cite('13.1.5', 'If-Range'), [
  rule({
    slug: 'stale-validator-gets-whole',
    level: 'MUST',
    title: 'A Range with an If-Range entity-tag that does not match gives 200 with the whole segment',
    sends: 'GET of a drawn segment whole, then with Range and If-Range: "<another tag>"',
    input: fc.record({ choice: segmentChoice(), a: fraction, tag: fc.stringMatching(/^[a-z0-9]{4,12}$/) }),
    maxRuns: 15,
    concurrent: true,
    check: async (io, { choice, a, tag }) => {
      const { path, whole, ranged } = await wholeAndRanged(io, choice, (length) => `bytes=0-${at(a, length)}`, [['If-Range', `"rfcheck-stale-${tag}"`]]);
      expectEqual(`status of GET ${path} with a stale If-Range`, ranged.status, 200);
      expectBytesEqual(`body of GET ${path} with a stale If-Range`, ranged.body, whole);
    },
  }),
]);

export default [...contentType, ...contentLength, ...head, ...notFound, ...persistence, ...acceptRanges, ...singlePart, ...byteRanges, ...multipleParts, ...contentRange, ...rangeField, ...ifRange];
