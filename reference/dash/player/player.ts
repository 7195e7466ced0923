import { type Presentation, type Representation, initUrl, parseMpd, segmentUrl } from '../../../specs/dash/mpd.ts';
import { type AbrAlgorithm, type AbrState, choose, harmonicMean, rateBased } from './abr.ts';
import { HttpClient } from './http-client.ts';
import { type PlayerFault, faultySegmentIndex } from './player-faults.ts';
import { PlayoutBuffer } from './playout-buffer.ts';

/**
 * One playback session of the reference player: fetch the MPD, then for each media segment in
 * order choose a representation (ABR), fetch its initialization segment the first time it is
 * used, fetch the segment, and feed the playout buffer. While the buffer holds more than its
 * cap the player waits; otherwise it requests the next segment at once.
 */

export interface PlayerSettings {
  algorithm: AbrAlgorithm;
  /** The most media the player keeps buffered, in segment durations. */
  bufferCapSegments: number;
  startupSegments: number;
  /** Deadline and cap of each HTTP exchange. */
  requestTimeoutMs: number;
  maxBodyBytes: number;
  faults: ReadonlySet<PlayerFault>;
}

export const defaultPlayerSettings: PlayerSettings = {
  algorithm: 'rate',
  bufferCapSegments: 6,
  startupSegments: 1,
  requestTimeoutMs: 10_000,
  maxBodyBytes: 64 * 1024 * 1024,
  faults: new Set(),
};

export interface PlaybackResult {
  stalls: number;
  stallMs: number;
  /** First media request → playback start, ms. */
  startupMs: number;
  segmentMs: number;
  /** @bandwidth of the representation chosen for each media segment. */
  chosen: number[];
  /** Measured throughput of each media download, bits per second. */
  throughputs: number[];
}

export interface PlaybackHooks {
  /** Called as the last media request is sent (the done-before-last-segment fault answers here). */
  beforeLastSegment?: (buffer: PlayoutBuffer) => void;
  /** Aborts the session (the control connection went away). */
  signal?: AbortSignal;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function playPresentation(mpdUrl: URL, settings: PlayerSettings, deadlineAt: number, hooks: PlaybackHooks = {}): Promise<PlaybackResult> {
  const faults = settings.faults;
  const client = new HttpClient({
    timeoutMs: settings.requestTimeoutMs,
    maxBodyBytes: settings.maxBodyBytes,
    omitHost: faults.has('no-host-header'),
    newConnectionPerRequest: faults.has('new-connection-per-request'),
  });
  const checkTime = (): void => {
    if (hooks.signal?.aborted) throw new Error('the session was abandoned');
    if (performance.now() > deadlineAt) throw new Error('the session ran past its max-seconds');
  };
  const fetch = async (url: URL): Promise<{ body: Buffer; sentAt: number; doneAt: number }> => {
    checkTime();
    const response = await client.get(url);
    if (response.status !== 200) throw new Error(`GET ${url.pathname} answered ${response.status}`);
    return response;
  };
  try {
    const manifest = await fetch(mpdUrl);
    const presentation = parseMpd(manifest.body.toString('utf8'));
    const base = presentation.baseUrl === undefined ? mpdUrl : new URL(presentation.baseUrl, mpdUrl);
    const representations = ladderOf(presentation, faults);
    const ladder = representations.map((r) => r.bandwidth);
    const count = Math.min(...representations.map((r) => r.segmentCount));
    const segmentMs = presentation.segmentDurationS * 1000;
    const buffer = new PlayoutBuffer(segmentMs, settings.startupSegments);
    const initialised = new Set<number>();
    const result: PlaybackResult = { stalls: 0, stallMs: 0, startupMs: 0, segmentMs, chosen: [], throughputs: [] };
    let firstRequestAt: number | undefined;
    let lowestSoFar = Number.POSITIVE_INFINITY;
    let previous: number | undefined;

    const positions = [...Array(count).keys()].flatMap((i) => {
      if (i === faultySegmentIndex && faults.has('skips-a-segment')) return [];
      if (i === faultySegmentIndex && faults.has('repeats-segment')) return [i, i];
      return [i];
    });
    for (const [k, position] of positions.entries()) {
      const capMs = (settings.bufferCapSegments - 1) * segmentMs;
      const level = buffer.levelMs(performance.now());
      if (level > capMs) await sleep(level - capMs);
      if (faults.has('stalls-on-purpose') && k % 4 === 3) await sleep(5 * segmentMs);
      checkTime();
      const state: AbrState = { throughputs: result.throughputs, bufferMs: buffer.levelMs(performance.now()), segmentMs };
      if (previous !== undefined) state.previous = previous;
      let rung = faultyChoice(faults, ladder, state) ?? choose(settings.algorithm, ladder, state);
      if (faults.has('never-switches-up')) rung = Math.min(rung, lowestSoFar);
      lowestSoFar = Math.min(lowestSoFar, rung);
      const representation = representations[rung] as Representation;
      const init = initUrl(representation);
      if (init !== undefined && !initialised.has(rung) && !faults.has('no-init-segment')) {
        await fetch(new URL(init, base));
        initialised.add(rung);
      }
      if (k === positions.length - 1) hooks.beforeLastSegment?.(buffer);
      const segment = await fetch(new URL(segmentUrl(representation, representation.startNumber + position), base));
      firstRequestAt ??= segment.sentAt;
      result.throughputs.push((segment.body.length * 8) / (Math.max(0.1, segment.doneAt - segment.sentAt) / 1000));
      result.chosen.push(representation.bandwidth);
      buffer.arrive(segment.doneAt);
      previous = rung;
    }
    if (faults.has('requests-past-end')) {
      const top = representations[previous ?? 0] as Representation;
      await client.get(new URL(segmentUrl(top, top.startNumber + count), base)).catch(() => undefined);
    }
    result.stalls = buffer.stalls;
    result.stallMs = Math.round(buffer.stallMs);
    result.startupMs = buffer.startTime !== undefined && firstRequestAt !== undefined ? buffer.startTime - firstRequestAt : 0;
    return result;
  } finally {
    client.close();
  }
}

/** The representations of the presentation's first media type, lowest bandwidth first. */
function ladderOf(presentation: Presentation, faults: ReadonlySet<PlayerFault>): Representation[] {
  const first = presentation.representations[0];
  if (!first) throw new Error('the MPD has no Representation');
  const reps = presentation.representations.filter((r) => r.mimeType === first.mimeType).sort((a, b) => a.bandwidth - b.bandwidth);
  // The planted bug: $Number%05d$ substituted as plain $Number$.
  return faults.has('ignores-number-width') ? reps.map((r) => ({ ...r, media: r.media.replace(/%0\d+d\$/g, '$') })) : reps;
}

/** The rung a rate-choosing fault picks instead of the algorithm, or undefined. */
function faultyChoice(faults: ReadonlySet<PlayerFault>, ladder: readonly number[], state: AbrState): number | undefined {
  if (faults.has('always-highest-rate')) return ladder.length - 1;
  const last = state.throughputs[state.throughputs.length - 1];
  if (faults.has('optimistic-rung')) {
    if (last === undefined) return 0;
    const estimate = last * rateBased.safety;
    const above = ladder.findIndex((bandwidth) => bandwidth >= estimate);
    return above < 0 ? ladder.length - 1 : above;
  }
  if (faults.has('late-switch-down') && state.previous !== undefined) {
    const inUse = ladder[state.previous] as number;
    const estimate = harmonicMean(state.throughputs) ?? 0;
    if (estimate * rateBased.safety >= inUse) return undefined;
    const trailingLow = [...state.throughputs].reverse().findIndex((t) => t * rateBased.safety >= inUse);
    const lowRun = trailingLow < 0 ? state.throughputs.length : trailingLow;
    return lowRun < 3 ? state.previous : undefined;
  }
  return undefined;
}
