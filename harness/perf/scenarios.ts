import { loadProtocolPerfScenarios } from '../core/catalogue.ts';
import { UsageError } from '../core/errors.ts';
import type { PerfRecord } from '../report/model.ts';
import { openHttpOrigin } from './http-origin.ts';
import { httpScenarios, measureHttpScenario } from './http-scenarios.ts';
import { defaultIntensities, measureQueueing } from './queueing-scenario.ts';
import type { PerfScenario, PerfSettings } from './perf-scenario.ts';
import { measureWebCache } from './web-cache-scenario.ts';

export type { PerfSettings } from './perf-scenario.ts';

/** A built-in scenario: it reads only the shared flags (PerfSettings), so it takes no options. */
export type SharedFlagScenario = Omit<PerfScenario, 'run' | 'parse'> & { run(settings: PerfSettings): Promise<PerfRecord[]> };

/** What --target is for the HTTP scenarios (README: what an HTTP target must serve). */
const httpTarget = 'an HTTP server serving /perf/base-<N>-<BYTES>.html and /perf/obj-<i>-<BYTES>.bin';

const httpDefaults = { rttMs: 50, rateMbps: 10, objectBytes: 100_000 };

function httpScenario(name: string, summary: string): SharedFlagScenario {
  return {
    summary,
    target: httpTarget,
    async run(settings) {
      const http = {
        rttMs: settings.rttMs ?? httpDefaults.rttMs,
        rateMbps: settings.rateMbps ?? httpDefaults.rateMbps,
        objects: settings.objects,
        objectBytes: settings.objectBytes ?? httpDefaults.objectBytes,
        parallel: settings.parallel,
      };
      const origin = await openHttpOrigin(settings.target, [{ objects: http.objects, objectBytes: http.objectBytes }]);
      try {
        const runs: PerfRecord[] = [];
        for (let i = 0; i < settings.repeat; i++) runs.push(await measureHttpScenario(name, origin.endpoint, http, origin.label));
        const median = [...runs].sort((a, b) => a.measured - b.measured)[Math.floor((runs.length - 1) / 2)] as PerfRecord;
        if (settings.repeat > 1) median.params.repeat = settings.repeat;
        settings.onRecord?.(median);
        return [median];
      } finally {
        await origin.close();
      }
    },
  };
}

/** The built-in scenarios of `rfcheck perf` (they read the shared flags only), in the order `all` runs them. */
export const perfScenarios: Record<string, SharedFlagScenario> = {
  ...Object.fromEntries(Object.entries(httpScenarios).map(([name, s]) => [name, httpScenario(name, s.summary)])),
  'web-cache': {
    summary: 'institutional network with a web cache: utilisation (1−h)·a·L/R and mean delay',
    target: httpTarget,
    async run(settings) {
      const objectBytes = settings.objectBytes ?? 25_000;
      const origin = await openHttpOrigin(settings.target, [{ objects: settings.requests, objectBytes }]);
      try {
        const records = await measureWebCache(
          origin.endpoint,
          {
            rttMs: settings.rttMs ?? 100,
            rateMbps: settings.rateMbps ?? 10,
            objectBytes,
            requestsPerSecond: settings.requestsPerSecond,
            hitRate: settings.hitRate,
            requests: settings.requests,
            seed: settings.seed,
          },
          origin.label,
        );
        records.forEach((r) => settings.onRecord?.(r));
        return records;
      } finally {
        await origin.close();
      }
    },
  },
  queueing: {
    summary: 'mean delay at a link against La/R approaching 1 (M/D/1)',
    async run(settings) {
      const records = await measureQueueing({
        rateMbps: settings.rateMbps ?? 2,
        packetBytes: settings.objectBytes ?? 1250,
        packets: settings.packets,
        intensities: defaultIntensities,
        seed: settings.seed,
      });
      records.forEach((r) => settings.onRecord?.(r));
      return records;
    },
  },
};

/**
 * The built-in scenarios and those the protocols add (reference/<protocol>/perf-scenarios.ts),
 * by name, in the order `all` runs them. A protocol may not reuse a built-in name, nor add a
 * flag that shadows a shared one.
 */
export async function loadPerfScenarios(): Promise<Record<string, PerfScenario>> {
  const all: Record<string, PerfScenario> = { ...perfScenarios };
  for (const [name, scenario] of await loadProtocolPerfScenarios()) {
    if (all[name]) throw new Error(`two perf scenarios are named '${name}'`);
    all[name] = scenario;
  }
  return all;
}

export function scenarioNamed(scenarios: Record<string, PerfScenario>, name: string): PerfScenario {
  const scenario = scenarios[name];
  if (!scenario) throw new UsageError(`unknown perf scenario '${name}' (known: ${Object.keys(scenarios).join(', ')}, all, list)`);
  return scenario;
}
