import { expectThat, violation } from '../../../harness/core/expect.ts';
import { section } from '../../../harness/core/rule.ts';
import { segmentCount } from './scenario.ts';
import { requireMedia, sessionRule } from './session.ts';

/**
 * Segment addressing by SegmentTemplate (ISO/IEC 23009-1): §5.3.9.4.4 builds each URL by
 * substituting $RepresentationID$, $Bandwidth$ and $Number$ (with its %0<width>d format) into
 * @media and @initialization; §5.3.9.5.3 numbers the media segments of a Representation from
 * @startNumber, one per @duration. The harness serves a URL it can place even when it is
 * built wrong, so these rules report the mistake and the rest of the session still plays.
 */

const templates = { suite: 'dash-player', rfc: 'ISO/IEC 23009-1', section: '5.3.9.4.4', title: 'Template-based segment URL construction' };
const numbering = { suite: 'dash-player', rfc: 'ISO/IEC 23009-1', section: '5.3.9.5.3', title: 'Media segment information' };

export const templateRules = section(templates, [
  sessionRule({
    slug: 'exact-template-urls',
    level: 'MUST',
    title: 'Initialization and media segment URLs are exactly the template with its identifiers substituted (zero padding to the format width included), resolved against the MPD URL',
    sends: 'an MPD whose SegmentTemplate uses $RepresentationID$ or $Bandwidth$ and $Number%0<width>d$',
    judge: (io, session) => {
      requireMedia(session);
      for (const request of session.requests) {
        if (request.expectedTarget === undefined) continue;
        const path = request.target.replace(/^https?:\/\/[^/]*/i, '');
        expectThat(path === request.expectedTarget, `the player asked for ${request.target}, not the URL the template gives`, request.expectedTarget, request.target);
      }
    },
  }),
]);

export const numberingRules = section(numbering, [
  sessionRule({
    slug: 'consecutive-numbers',
    level: 'MUST',
    title: 'Media segments are requested in order from @startNumber, each number once, with no gap, up to the last segment',
    sends: 'an MPD with a generated @startNumber and a known duration',
    judge: (io, session) => {
      const { scenario } = session;
      const media = requireMedia(session);
      const first = scenario.addressing.startNumber;
      const count = segmentCount(scenario);
      media.forEach((request, i) => {
        if (request.number !== first + i) {
          violation(`media request ${i + 1} asked for segment number ${request.number ?? '?'} (${request.target})`, `number ${first + i}`, `number ${request.number ?? '?'}`);
        }
      });
      expectThat(media.length === count, `the player requested ${media.length} of the ${count} media segments`, `numbers ${first}–${first + count - 1}`, `${first}–${first + media.length - 1}`);
    },
  }),
]);
