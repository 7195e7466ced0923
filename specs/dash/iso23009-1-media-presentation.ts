import fc from 'fast-check';
import { expectEqual, expectThat, violation } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fieldValue } from '../http/response-reader.ts';
import type { MpdClause } from './mpd.ts';
import { segmentUrl } from './mpd.ts';
import { get, initPath, pick, requestPath, segmentChoice, servedMpd } from './served-presentation.ts';

/**
 * ISO/IEC 23009-1 (MPEG-DASH), the MPD and the segments it announces. The MPD is read by the
 * strict reader of specs/dash/mpd.ts; each of the first rules fails only for errors of its own
 * clause. Then the segments: every number the template and the duration give exists, and the
 * Representation's @bandwidth bounds what its segments hold.
 */

const rfc = 'ISO/IEC 23009-1';
const cite = (clause: string, title: string) => ({ suite: 'dash', rfc, section: clause, title });

const mpdClauseRule = (clause: MpdClause, slug: string, title: string) =>
  rule({
    slug,
    level: 'MUST',
    title,
    sends: 'GET /manifest.mpd',
    input: fc.constant(null),
    maxRuns: 1,
    check: async (io) => {
      io.step('GET /manifest.mpd and read it strictly');
      await servedMpd(io, clause);
    },
  });

const mpdElement = section(cite('5.3.1.2', 'MPD element semantics'), [
  mpdClauseRule('5.3.1.2', 'static-mpd-with-duration', 'GET /manifest.mpd gives a well-formed MPD in the DASH namespace with @profiles and @minBufferTime, of type static, with a presentation duration and one Period'),
]);

const representation = section(cite('5.3.5.2', 'Representation semantics'), [
  mpdClauseRule('5.3.5.2', 'id-and-bandwidth', 'Every Representation has an @id unique in its Period and free of whitespace, and a positive integer @bandwidth'),
]);

const commonAttributes = section(cite('5.3.7', 'Common attributes and elements'), [
  mpdClauseRule('5.3.7', 'mime-type-present', 'Every Representation has a @mimeType, on itself or inherited from its AdaptationSet'),
]);

const segmentTemplate = section(cite('5.3.9.4', 'Segment template'), [
  mpdClauseRule('5.3.9.4', 'template-with-duration', 'Every Representation is addressed by a SegmentTemplate with @media and @duration (no SegmentTimeline), one segment duration for all (the fixture contract\'s subset)'),
]);

const templateIdentifiers = section(cite('5.3.9.4.4', 'Template-based Segment URL construction'), [
  mpdClauseRule('5.3.9.4.4', 'identifiers-valid', 'Templates use only the defined $…$ identifiers, a width format only on numeric ones, $Number$ in @media and never in @initialization'),
  rule({
    slug: 'every-segment-served',
    level: 'MUST',
    title: 'Every segment number from @startNumber to the end of the presentation, substituted into @media, is served: 200 with a non-empty body',
    sends: 'GET /manifest.mpd, then GET of a segment URL built from the template for a drawn Representation and number, and of that Representation\'s last segment',
    input: segmentChoice(),
    maxRuns: 15,
    concurrent: true,
    check: async (io, choice) => {
      const { presentation } = await servedMpd(io);
      const { rep, number, path } = pick(presentation, choice);
      // The last number is where a packager's off-by-one shows (a dropped final segment).
      const last = rep.startNumber + rep.segmentCount - 1;
      const lastPath = requestPath(presentation, segmentUrl(rep, last));
      for (const [n, target] of number === last ? [[number, path] as const] : [[number, path] as const, [last, lastPath] as const]) {
        io.step(`GET ${target} (Representation ${rep.id}, segment ${n} of ${rep.startNumber}..${last})`);
        const response = await get(io, target);
        expectEqual(`status of GET ${target}`, response.status, 200);
        expectThat(response.body.length > 0, `segment ${target} is empty`, 'a non-empty segment', '0 bytes');
      }
    },
  }),
  rule({
    slug: 'initialization-served',
    level: 'MUST',
    title: 'The initialization segment named by @initialization is served: 200 with a non-empty body',
    sends: 'GET /manifest.mpd, then GET of a Representation\'s initialization URL',
    input: fc.nat({ max: 63 }),
    maxRuns: 10,
    concurrent: true,
    check: async (io, index) => {
      const { presentation } = await servedMpd(io);
      const rep = presentation.representations[index % presentation.representations.length];
      const path = rep && initPath(presentation, rep);
      if (!rep || path === undefined) return io.notApplicable('the Representation has no @initialization');
      io.step(`GET ${path}`);
      const response = await get(io, path);
      expectEqual(`status of GET ${path}`, response.status, 200);
      expectThat(response.body.length > 0, `initialization segment ${path} is empty`, 'a non-empty segment', '0 bytes');
    },
  }),
]);

/**
 * 5.3.5.4: a client receiving the Representation at @bandwidth bits/s, having buffered
 * @minBufferTime, plays without stalling. Hence any run of consecutive segments i..j holds at
 * most bandwidth × (their duration + minBufferTime) / 8 bytes. This is the standard's own bound,
 * fair to real encoders (a large I-frame segment is allowed as long as the buffer absorbs it).
 */
const bandwidthModel = section(cite('5.3.5.4', 'Bandwidth and minimum buffer time'), [
  rule({
    slug: 'bandwidth-bounds-segments',
    level: 'MUST',
    title: 'Any run of consecutive segments holds at most @bandwidth × (run duration + @minBufferTime) / 8 bytes',
    sends: 'GET /manifest.mpd, then GET of a run of consecutive segments of a drawn Representation',
    input: fc.record({ choice: segmentChoice(), run: fc.integer({ min: 1, max: 4 }) }),
    maxRuns: 15,
    check: async (io, { choice, run }) => {
      const { presentation } = await servedMpd(io);
      const { rep, number } = pick(presentation, choice);
      const last = Math.min(number + run - 1, rep.startNumber + rep.segmentCount - 1);
      let bytes = 0;
      for (let n = number; n <= last; n++) {
        const path = requestPath(presentation, segmentUrl(rep, n));
        io.step(`GET ${path}`);
        const response = await get(io, path);
        if (response.status !== 200) io.notApplicable(`GET ${path} answered ${response.status} (see every-segment-served)`);
        bytes += response.body.length;
      }
      const seconds = (last - number + 1) * presentation.segmentDurationS + (presentation.minBufferTimeS ?? 0);
      const allowed = Math.floor((rep.bandwidth * seconds) / 8);
      expectThat(
        bytes <= allowed,
        `segments ${number}..${last} of Representation ${rep.id} hold ${bytes} bytes, more than @bandwidth ${rep.bandwidth} allows over ${seconds} s`,
        `at most ${allowed} bytes`,
        `${bytes} bytes`,
      );
    },
  }),
]);

/** How much of its nominal rate a Representation must carry on average (see the rule). */
export const minimumFill = 0.5;

/**
 * The course's DASH model (Kurose & Ross §2.6.2): each version of the video is encoded at the
 * rate the manifest gives, which is what a client's rate choice relies on. The standard bounds
 * sizes from above only (5.3.5.4); the fixture contract adds this lower bound on the average,
 * loose enough for real encoders (rate control undershoots on easy content): half the rate.
 */
const courseModel = section({ suite: 'dash', rfc: 'Kurose & Ross, Computer Networking', section: '2.6.2', title: 'HTTP streaming and DASH' }, [
  rule({
    slug: 'rate-true-to-bandwidth',
    level: 'SHOULD',
    title: `Over a Representation, the segments carry on average at least ${minimumFill * 100} % of @bandwidth × duration / 8 bytes`,
    sends: 'GET /manifest.mpd, then HEAD of every segment of a drawn Representation (sizes from Content-Length)',
    input: fc.nat({ max: 63 }),
    maxRuns: 3,
    check: async (io, index) => {
      const { presentation } = await servedMpd(io);
      const rep = presentation.representations[index % presentation.representations.length];
      if (!rep) return io.notApplicable('no Representation');
      let bytes = 0;
      for (let n = rep.startNumber; n < rep.startNumber + rep.segmentCount; n++) {
        const path = requestPath(presentation, segmentUrl(rep, n));
        const response = await get(io, path, [], 'HEAD');
        const length = Number(fieldValue(response, 'content-length') ?? Number.NaN);
        if (response.status !== 200 || !Number.isSafeInteger(length)) io.notApplicable(`HEAD ${path} answered ${response.status} without a usable Content-Length`);
        bytes += length;
      }
      io.step(`HEAD every segment of Representation ${rep.id}: ${bytes} bytes`);
      const nominal = (rep.bandwidth * presentation.durationS) / 8;
      if (bytes < minimumFill * nominal) {
        violation(`Representation ${rep.id} carries ${bytes} bytes over ${presentation.durationS} s, ${Math.round((100 * bytes) / nominal)} % of what @bandwidth ${rep.bandwidth} announces`, `at least ${Math.ceil(minimumFill * nominal)} bytes`, `${bytes} bytes`);
      }
    },
  }),
]);

export default [...mpdElement, ...representation, ...commonAttributes, ...segmentTemplate, ...templateIdentifiers, ...bandwidthModel, ...courseModel];
