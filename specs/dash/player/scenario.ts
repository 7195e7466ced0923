import fc from 'fast-check';

/**
 * One judged playback session of the dash-player suite: a presentation (a ladder of
 * representations addressed by a SegmentTemplate) and a bandwidth trace the harness serves it
 * through. The trace is three phases — high, a drop of at least two rungs, a rise of at least
 * two rungs — each lasting a number of media segments, so that on a loaded machine every phase
 * still holds the segments the adaptation rules look at. A phase's link rate sits between two
 * rungs (1.3–1.7 times rung r), so a player that rounds its estimate up rather than down picks a
 * rate the link cannot carry.
 *
 * Scenarios do not shrink: every candidate would be a whole playback session of seconds, and a
 * scenario is already small (four rungs, three phases); the failing session's requests are
 * printed in full instead.
 */

export interface TracePhase {
  /** How many media segments are served at this phase's rate. */
  segments: number;
  /** The rung whose rate the link carries with room to spare. */
  rung: number;
  /** Link rate in bits per second: rung rate × factor. */
  rateBitsPerSecond: number;
}

export interface SegmentAddressing {
  /** SegmentTemplate@media, e.g. `v$RepresentationID$/seg-$Number%05d$.m4s`. */
  media: string;
  /** SegmentTemplate@initialization. */
  initialization: string;
  startNumber: number;
}

export interface PlayerScenario {
  /** Media duration of one segment, milliseconds (the session plays at real time). */
  segmentMs: number;
  /** Representation ids, lowest bandwidth first. */
  ids: string[];
  /** Representation@bandwidth, bits per second, ascending. */
  ladder: number[];
  addressing: SegmentAddressing;
  phases: TracePhase[];
}

/** Media duration of a segment in every generated scenario: short, so a session lasts seconds. */
export const scenarioSegmentMs = 100;

const rungCount = 4;

/** (high, low, rise) rung triples: the drop and the rise each span at least two rungs. */
const phaseRungs: [number, number, number][] = [];
for (let high = 2; high < rungCount; high++) {
  for (let low = 0; low <= high - 2; low++) {
    for (let rise = low + 2; rise < rungCount; rise++) phaseRungs.push([high, low, rise]);
  }
}

const idStem = fc.constantFrom('v', 'rep', 'video_', 'q');
const pathPrefix = fc.constantFrom('', 'media/', 'dash/out/');

/** A template using $RepresentationID$ or $Bandwidth$, with a $Number$ width format of 2–9. */
const addressing = fc
  .record({
    byBandwidth: fc.boolean(),
    prefix: pathPrefix,
    separator: fc.constantFrom('/', '-', '_'),
    width: fc.integer({ min: 2, max: 9 }),
    startNumber: fc.integer({ min: 0, max: 40 }),
  })
  .map(({ byBandwidth, prefix, separator, width, startNumber }): SegmentAddressing => {
    const identity = byBandwidth ? '$Bandwidth$' : '$RepresentationID$';
    return {
      media: `${prefix}${identity}${separator}seg-$Number%0${width}d$.m4s`,
      initialization: `${prefix}${identity}${separator}init.mp4`,
      startNumber,
    };
  });

export function playerScenario(): fc.Arbitrary<PlayerScenario> {
  return fc.noShrink(
    fc
    .record({
      baseKbps: fc.integer({ min: 15, max: 40 }).map((tens) => tens * 10),
      stem: idStem,
      addressing,
      rungs: fc.constantFrom(...phaseRungs),
      lengths: fc.tuple(fc.integer({ min: 7, max: 9 }), fc.integer({ min: 7, max: 9 }), fc.integer({ min: 7, max: 9 })),
      factors: fc.tuple(fc.integer({ min: 13, max: 17 }), fc.integer({ min: 13, max: 17 }), fc.integer({ min: 13, max: 17 })),
    })
    .map(({ baseKbps, stem, addressing, rungs, lengths, factors }): PlayerScenario => {
      const ladder = Array.from({ length: rungCount }, (_, i) => baseKbps * 1000 * 2 ** i);
      return {
        segmentMs: scenarioSegmentMs,
        ids: ladder.map((_, i) => `${stem}${i + 1}`),
        ladder,
        addressing,
        phases: rungs.map((rung, i) => ({
          segments: lengths[i] as number,
          rung,
          rateBitsPerSecond: Math.round(((ladder[rung] as number) * (factors[i] as number)) / 10),
        })),
      };
    }),
  );
}

export const segmentCount = (scenario: PlayerScenario): number => scenario.phases.reduce((sum, phase) => sum + phase.segments, 0);

/** Bytes of one media segment of rung `rung`: constant bit rate, bandwidth × duration. */
export const mediaBytes = (scenario: PlayerScenario, rung: number): number => Math.round(((scenario.ladder[rung] as number) * scenario.segmentMs) / 8000);

/** Index of the phase that serves media segment `index` (0-based position in the presentation). */
export function phaseOf(scenario: PlayerScenario, index: number): number {
  let end = 0;
  for (let p = 0; p < scenario.phases.length; p++) {
    end += (scenario.phases[p] as TracePhase).segments;
    if (index < end) return p;
  }
  return scenario.phases.length - 1;
}
