import { expectThat, violation } from '../../../harness/core/expect.ts';
import { rule, section } from '../../../harness/core/rule.ts';
import { sessionRuns } from './2.6.2-adaptive-playback.ts';
import { playerScenario, segmentCount } from './scenario.ts';
import { judgedSession, requireMedia } from './session.ts';

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
  rule({
    slug: 'exact-template-urls',
    level: 'MUST',
    title: 'Initialization and media segment URLs are exactly the template with its identifiers substituted (zero padding to the format width included), resolved against the MPD URL',
    sends: 'an MPD whose SegmentTemplate uses $RepresentationID$ or $Bandwidth$ and $Number%0<width>d$',
    input: playerScenario(),
    maxRuns: sessionRuns,
    check: async (io, scenario) => {
      const session = await judgedSession(io, scenario);
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
  rule({
    slug: 'consecutive-numbers',
    level: 'MUST',
    title: 'Media segments are requested in order from @startNumber, each number once, with no gap, up to the last segment',
    sends: 'an MPD with a generated @startNumber and a known duration',
    input: playerScenario(),
    maxRuns: sessionRuns,
    check: async (io, scenario) => {
      const session = await judgedSession(io, scenario);
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
