import { UsageError } from '../../harness/core/errors.ts';
import { type PerfScenario, stringValue } from '../../harness/perf/perf-scenario.ts';
import type { PerfRecord } from '../../harness/report/model.ts';
import { bufferModel } from '../../specs/dash/player/buffer-model.ts';
import type { PlayerScenario } from '../../specs/dash/player/scenario.ts';
import type { PlayedSession } from '../../specs/dash/player/session.ts';
import { TraceServer } from '../../specs/dash/player/trace-server.ts';
import type { AbrAlgorithm } from './player/abr.ts';
import { defaultPlayerSettings, playPresentation } from './player/player.ts';

/**
 * `rfcheck perf dash`: the reference player, with each ABR algorithm, plays a fixed ladder
 * through fixed bandwidth traces served by the dash-player suite's trace server. For each run:
 * - rate: the mean @bandwidth it chose against the mean link rate it was offered (segment-weighted);
 * - stall time: the stall time the player counted against the buffer model's (the harness's
 *   completion times; ratio (measured + 1) / (model + 1), so 1 when both are 0);
 * - stalls: the same as a count;
 * - startup: first media request → playback start, against one lowest-rung segment at the
 *   first phase's rate.
 */

const segmentMs = 100;
const ladder = [300_000, 750_000, 1_500_000, 3_000_000, 4_500_000];

/**
 * Traces as (segments, Mbit/s) phases; `step-down` is the course's 4 → 1 → 6 Mbit/s example;
 * `cliff` drops below the lowest rung but one, so stalls cannot be avoided and the player's
 * count meets the model's.
 */
export const dashTraces: Record<string, [number, number][]> = {
  'step-down': [[15, 4], [15, 1], [15, 6]],
  'step-up': [[20, 1], [25, 6]],
  oscillating: [[9, 3], [9, 0.8], [9, 3], [9, 0.8], [9, 3]],
  cliff: [[15, 6], [15, 0.5], [15, 6]],
};

function traceScenario(phases: [number, number][]): PlayerScenario {
  return {
    segmentMs,
    ids: ladder.map((_, i) => `r${i}`),
    ladder,
    addressing: { media: '$RepresentationID$/$Number%05d$.m4s', initialization: '$RepresentationID$/init.mp4', startNumber: 1 },
    phases: phases.map(([segments, mbps]) => ({ segments, rung: 0, rateBitsPerSecond: mbps * 1e6 })),
  };
}

const ratio = (measured: number, model: number): number => measured / model;
/** Stall figures are often 0 on both sides: their ratio is (measured + 1) / (model + 1). */
const stallRatio = (measured: number, model: number): number => (measured + 1) / (model + 1);

async function measureTrace(trace: string, algorithm: AbrAlgorithm): Promise<PerfRecord[]> {
  const scenario = traceScenario(dashTraces[trace] as [number, number][]);
  const server = await TraceServer.start(scenario, '/perf/', 10_000);
  try {
    const result = await playPresentation(new URL(server.mpdUrl), { ...defaultPlayerSettings, algorithm }, performance.now() + 120_000);
    const session: PlayedSession = { scenario, mpdUrl: server.mpdUrl, requests: [...server.log], answer: { kind: 'DONE', text: '' }, answeredAt: server.now(), closedAfterAnswer: true };
    const model = bufferModel(session);
    // Every stall the model sees (over 1 ms), as the player counts every stall of its own: the
    // suite's 80 ms tolerance is for verdicts on a loaded machine, not for a measurement.
    const stalls = model.segments.filter((s) => s.stallMs > 1);
    const offered = scenario.phases.reduce((sum, p) => sum + p.segments * p.rateBitsPerSecond, 0) / scenario.phases.reduce((n, p) => n + p.segments, 0);
    const chosen = result.chosen.reduce((sum, b) => sum + b, 0) / Math.max(1, result.chosen.length);
    const firstRate = scenario.phases[0]?.rateBitsPerSecond ?? 1;
    const startupModel = ((ladder[0] as number) * segmentMs) / firstRate;
    const params = { trace, algorithm, segmentMs, segments: result.chosen.length };
    const modelStallMs = Math.round(stalls.reduce((sum, s) => sum + s.stallMs, 0));
    const record = (scenarioName: string, unit: string, measured: number, modelValue: number, ratioOf = ratio): PerfRecord => ({
      scenario: scenarioName,
      params,
      unit,
      measured,
      model: modelValue,
      ratio: ratioOf(measured, modelValue),
    });
    return [
      record('dash-rate', 'bit/s', Math.round(chosen), Math.round(offered)),
      record('dash-stall-time', 'ms', result.stallMs, modelStallMs, stallRatio),
      record('dash-stalls', 'stalls', result.stalls, stalls.length, stallRatio),
      record('dash-startup', 'ms', Math.round(result.startupMs), Math.round(startupModel)),
    ];
  } finally {
    await server.close();
  }
}

const dash: PerfScenario<{ traces: string[]; algorithms: AbrAlgorithm[] }> = {
  summary: 'DASH: the reference player\'s chosen rate against the offered bandwidth, its stalls against the buffer model, startup delay',
  flags: {
    trace: { type: 'string', value: 'NAME', help: `one trace (${Object.keys(dashTraces).join(', ')}; default all)` },
    algorithm: { type: 'string', value: 'rate|buffer', help: 'one ABR algorithm (default both)' },
  },
  parse(values) {
    const trace = stringValue(values, 'trace');
    const algorithm = stringValue(values, 'algorithm');
    if (trace !== undefined && !(trace in dashTraces)) throw new UsageError(`--trace must be one of ${Object.keys(dashTraces).join(', ')}, not '${trace}'`);
    if (algorithm !== undefined && algorithm !== 'rate' && algorithm !== 'buffer') throw new UsageError(`--algorithm must be rate or buffer, not '${algorithm}'`);
    return { traces: trace === undefined ? Object.keys(dashTraces) : [trace], algorithms: algorithm === undefined ? ['rate', 'buffer'] : [algorithm] };
  },
  async run(settings, { traces, algorithms }) {
    const records: PerfRecord[] = [];
    for (const algorithm of algorithms) {
      for (const trace of traces) {
        for (const record of await measureTrace(trace, algorithm)) {
          records.push(record);
          settings.onRecord?.(record);
        }
      }
    }
    return records;
  },
};

export const perfScenarios: Record<string, PerfScenario> = { dash: dash as PerfScenario };
