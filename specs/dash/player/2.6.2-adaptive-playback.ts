import { expectThat, violation } from '../../../harness/core/expect.ts';
import { section } from '../../../harness/core/rule.ts';
import { avoidableStallMs, bufferModel, pauseToleranceMs } from './buffer-model.ts';
import { mbps, phaseViews, settleSegments } from './phases.ts';
import { requireMedia, sessionRule } from './session.ts';

/**
 * The course's adaptive client (Kurose & Ross §2.6.2, HTTP streaming and DASH): the client
 * first fetches the manifest, then requests chunks one at a time, choosing for each the highest
 * rate the bandwidth it measures can sustain, and keeps a playout buffer so that playback does
 * not freeze. The harness serves a presentation through a bandwidth trace (high, a drop, a
 * rise) and judges the player from its requests alone.
 */

const citation = { suite: 'dash-player', rfc: 'Kurose & Ross, Computer Networking', section: '2.6.2', title: 'HTTP streaming and DASH' };

/** A settled choice may exceed the measured throughput by this factor (timer noise, latency). */
const rateMargin = 1.1;
/** After a drop, the player must have picked a lower rate by this many segments into the phase. */
const switchDownWithin = 2;

export default section(citation, [
  sessionRule({
    slug: 'manifest-then-initialization',
    level: 'MUST',
    title: 'The first request is the MPD, and each representation\'s initialization segment is requested before any of its media segments',
    sends: 'PLAY with the MPD URL; serves the MPD and segments through a bandwidth trace',
    judge: (io, session) => {
      const first = session.requests[0];
      expectThat(first?.kind === 'mpd', 'the first request was not for the MPD', `GET ${new URL(session.mpdUrl).pathname}`, first ? `${first.method} ${first.target}` : 'no request');
      const initialised = new Set<number>();
      for (const request of session.requests) {
        if (request.kind === 'init' && request.rung !== undefined) initialised.add(request.rung);
        if (request.kind === 'media' && !initialised.has(request.rung as number)) {
          violation(`media segment ${request.target} was requested before the initialization segment of its representation`, 'the initialization segment first', `${request.target} with no earlier initialization request`);
        }
      }
    },
  }),
  sessionRule({
    slug: 'settled-rate-within-throughput',
    level: 'MUST',
    title: `Once settled in a trace phase (from its ${settleSegments + 1}th segment), the player never picks a representation whose bandwidth exceeds the phase's link rate (×${rateMargin})`,
    sends: 'a three-phase bandwidth trace, each phase\'s rate between two rungs of the ladder',
    judge: (io, session) => {
      const { scenario } = session;
      requireMedia(session);
      for (const phase of phaseViews(session)) {
        // The link rate, not the measured throughput, is the bound: on a loaded machine the
        // harness measures less than its link carries, and no player can measure more.
        const limit = phase.rateBitsPerSecond * rateMargin;
        const measured = phase.throughput === undefined ? 'nothing completed' : `measured ${mbps(phase.throughput)}`;
        phase.requests.slice(settleSegments).forEach((request, k) => {
          const bandwidth = scenario.ladder[request.rung as number] as number;
          expectThat(
            bandwidth <= limit,
            `in trace phase ${phase.index + 1} (link ${mbps(phase.rateBitsPerSecond)}, ${measured}), segment ${k + settleSegments + 1} of the phase (${request.target}) is a ${mbps(bandwidth)} representation`,
            `at most ${mbps(limit)}`,
            mbps(bandwidth),
          );
        });
      }
    },
  }),
  sessionRule({
    slug: 'switches-down-after-drop',
    level: 'MUST',
    title: `After the bandwidth drops to half the rate in use or less, the player picks a lower representation within ${switchDownWithin} segments`,
    sends: 'a trace whose second phase drops at least two rungs',
    judge: (io, session) => {
      const { scenario } = session;
      requireMedia(session);
      const [before, drop] = phaseViews(session);
      const last = before?.requests[before.requests.length - 1];
      if (!before || !drop || !last || drop.requests.length < switchDownWithin) return io.notApplicable('the player did not reach the drop');
      const inUse = scenario.ladder[last.rung as number] as number;
      // A rate only a little above the new link is the settled-rate rule's concern; here the drop is plain.
      if (inUse < 2 * drop.rateBitsPerSecond) io.notApplicable(`the rate in use (${mbps(inUse)}) is less than twice the dropped link's`);
      const firstChoices = drop.requests.slice(0, switchDownWithin);
      expectThat(
        firstChoices.some((r) => (r.rung as number) < (last.rung as number)),
        `the link dropped to ${mbps(drop.rateBitsPerSecond)} but the first ${switchDownWithin} segments after the drop stayed at ${mbps(inUse)} or above`,
        `a representation below ${mbps(inUse)} by segment ${switchDownWithin} of the drop`,
        firstChoices.map((r) => mbps(scenario.ladder[r.rung as number] as number)).join(', '),
      );
    },
  }),
  sessionRule({
    slug: 'switches-up-after-rise',
    level: 'SHOULD',
    title: 'Once settled in a phase, the player uses the bandwidth: its median choice is at least the highest representation within a third of the throughput measured in the phase (so it climbs back after a rise)',
    sends: 'a trace whose third phase rises at least two rungs',
    judge: (io, session) => {
      const { scenario } = session;
      requireMedia(session);
      for (const phase of phaseViews(session)) {
        const settled = phase.requests.slice(settleSegments).map((r) => r.rung as number).sort((a, b) => a - b);
        if (phase.throughput === undefined || settled.length === 0) continue;
        // A third, not a half: small segments of a low rung finish in a few milliseconds, and on a
        // loaded machine a player's estimate from them can fall well below the link's rate.
        const third = Math.min(phase.throughput, phase.rateBitsPerSecond) / 3;
        const floorRung = scenario.ladder.reduce((best, bandwidth, rung) => (bandwidth <= third ? rung : best), 0);
        const median = settled[Math.floor((settled.length - 1) / 2)] as number;
        expectThat(
          median >= floorRung,
          `in trace phase ${phase.index + 1} (link ${mbps(phase.rateBitsPerSecond)}, measured ${mbps(phase.throughput)}), the settled segments' median choice is ${mbps(scenario.ladder[median] as number)}`,
          `at least ${mbps(scenario.ladder[floorRung] as number)}`,
          mbps(scenario.ladder[median] as number),
        );
      }
    },
  }),
  sessionRule({
    slug: 'no-stall-of-its-own-making',
    level: 'MUST',
    title: 'The player does not wait between downloads while its buffer runs dry: no stall of the buffer model is due to a pause before the request',
    sends: 'a three-phase bandwidth trace; the harness computes the buffer from its own completion times',
    judge: (io, session) => {
      const { scenario } = session;
      requireMedia(session);
      const tolerance = pauseToleranceMs(scenario.segmentMs);
      for (const segment of bufferModel(session).segments) {
        const avoidable = avoidableStallMs(segment);
        expectThat(
          avoidable <= tolerance,
          `playback stalled ${segment.stallMs.toFixed(0)} ms before ${segment.request.target}, which the player requested ${segment.idleMs.toFixed(0)} ms after the previous segment arrived, with ${segment.bufferAtRequestMs.toFixed(0)} ms of media buffered`,
          `no pause before a request while the buffer is about to run out (tolerance ${tolerance} ms)`,
          `${avoidable.toFixed(0)} ms of stall caused by the pause`,
        );
      }
    },
  }),
  sessionRule({
    slug: 'stops-at-last-segment',
    level: 'MUST',
    title: 'The player requests nothing past the last segment of the presentation',
    sends: 'a presentation of a known number of segments (the MPD gives its duration)',
    judge: (io, session) => {
      const { scenario } = session;
      requireMedia(session);
      const past = session.requests.find((r) => r.kind === 'past-end');
      if (past) violation(`the player requested segment number ${past.number ?? '?'} (${past.target}), past the last one`, `no number beyond ${scenario.addressing.startNumber + scenario.phases.reduce((n, p) => n + p.segments, 0) - 1}`, past.target);
    },
  }),
]);
