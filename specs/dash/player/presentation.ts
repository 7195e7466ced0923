import { type Presentation, type Representation, buildMpd, initUrl, segmentUrl } from '../mpd.ts';
import { type PlayerScenario, segmentCount } from './scenario.ts';

/**
 * The presentation the harness serves for a scenario, written with the dash suites' own MPD
 * writer (specs/dash/mpd.ts): static, one Period, one video AdaptationSet, each Representation
 * addressed by the scenario's SegmentTemplate (@timescale 1000, @duration = the segment's media
 * time); no BaseURL, so segment URLs resolve against the MPD's own URL.
 */
export function scenarioPresentation(scenario: PlayerScenario): Presentation {
  const count = segmentCount(scenario);
  const segmentDurationS = scenario.segmentMs / 1000;
  const representations = scenario.ladder.map(
    (bandwidth, i): Representation => ({
      id: scenario.ids[i] as string,
      bandwidth,
      mimeType: 'video/mp4',
      codecs: 'avc1.64001f',
      width: 320 * (i + 1),
      height: 180 * (i + 1),
      media: scenario.addressing.media,
      initialization: scenario.addressing.initialization,
      startNumber: scenario.addressing.startNumber,
      segmentCount: count,
    }),
  );
  return { durationS: count * segmentDurationS, segmentDurationS, representations };
}

export const scenarioMpd = (scenario: PlayerScenario): string => buildMpd(scenarioPresentation(scenario));

/** The init segment path of rung `rung`, as template substitution gives it (ISO/IEC 23009-1 §5.3.9.4.4). */
export const initPath = (presentation: Presentation, rung: number): string => initUrl(presentation.representations[rung] as Representation) ?? '';

/** The media segment path of rung `rung`, number `number`. */
export const mediaPath = (presentation: Presentation, rung: number, number: number): string => segmentUrl(presentation.representations[rung] as Representation, number);
