import { UsageError } from '../core/errors.ts';
import type { PerfRecord } from '../report/model.ts';
import type { Endpoint } from '../wire/limits.ts';
import { openHttpOrigin } from './http-origin.ts';
import { httpScenarios, measureHttpScenario } from './http-scenarios.ts';
import { defaultIntensities, measureQueueing } from './queueing-scenario.ts';
import { measureWebCache } from './web-cache-scenario.ts';

/** Everything `rfcheck perf` can be told; each scenario reads what it needs. */
export interface PerfSettings {
  target?: Endpoint;
  rttMs?: number;
  rateMbps?: number;
  objects: number;
  objectBytes?: number;
  parallel: number;
  /** HTTP scenarios run this many times; the run with the median time is reported. */
  repeat: number;
  hitRate: number;
  requestsPerSecond: number;
  requests: number;
  packets: number;
  seed: number;
  /** Called as each record is made, so a long run shows progress. */
  onRecord?: (record: PerfRecord) => void;
}

export interface PerfScenario {
  summary: string;
  /** Why the scenario cannot run in this build; undefined when it can. */
  unavailable?: string;
  run(settings: PerfSettings): Promise<PerfRecord[]>;
}

const httpDefaults = { rttMs: 50, rateMbps: 10, objectBytes: 100_000 };

function httpScenario(name: string, summary: string): PerfScenario {
  return {
    summary,
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

function notYet(summary: string, missing: string): PerfScenario {
  return {
    summary,
    unavailable: missing,
    run: () => Promise.reject(new UsageError(missing)),
  };
}

/** Every scenario of `rfcheck perf`, by name, in the order `all` runs them. */
export const perfScenarios: Record<string, PerfScenario> = {
  ...Object.fromEntries(Object.entries(httpScenarios).map(([name, s]) => [name, httpScenario(name, s.summary)])),
  'web-cache': {
    summary: 'institutional network with a web cache: utilisation (1−h)·a·L/R and mean delay',
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
  dns: notYet(
    'iterated vs recursive resolution time against the sum of hop RTTs; a cached answer',
    'perf dns is not wired into rfcheck perf (harness/perf names no protocol): the DNS folder measures it, `npx tsx bench/dns-resolution.ts` (root, port 53)',
  ),
  p2p: notYet('file distribution time against D_cs and D_P2P', 'perf p2p is not available: reference/bittorrent has no peer that distributes a file yet (only the tracker)'),
  dash: notYet('DASH rate choice and stalls against the buffer model', 'perf dash is not available: there is no DASH player or server reference yet'),
};

export function scenarioNamed(name: string): PerfScenario {
  const scenario = perfScenarios[name];
  if (!scenario) throw new UsageError(`unknown perf scenario '${name}' (known: ${Object.keys(perfScenarios).join(', ')}, all)`);
  return scenario;
}
