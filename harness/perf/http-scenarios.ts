import { UsageError } from '../core/errors.ts';
import type { PerfRecord } from '../report/model.ts';
import type { Endpoint } from '../wire/limits.ts';
import { type HttpPageModel, modelRatio, nonPersistentPageTime, parallelPageTime, persistentPageTime, pipelinedPageTime } from './formulas.ts';
import { type FetchLimits, type FetchedResponse, HttpFetchConnection, fetchOnce } from './http-fetch.ts';
import { symmetricLink } from './link-config.ts';
import { type PageShape, basePagePath, objectPaths } from './page-objects.ts';
import { startTcpLink } from './tcp-link.ts';

/**
 * The HTTP scenarios: fetch the perf page (page-objects.ts) through the emulated link in the
 * way each scenario names, time it from the first connect to the last byte, and set the time
 * beside the course's formula. The formula is fed the bytes each response really carried
 * (header block included), so the comparison is about timing, not about header sizes.
 */

export interface HttpScenarioSettings {
  rttMs: number;
  rateMbps: number;
  objects: number;
  objectBytes: number;
  /** Connections at once (http-parallel only). */
  parallel: number;
}

type Fetcher = (link: Endpoint, shape: PageShape, parallel: number, limits: FetchLimits) => Promise<FetchedResponse[]>;
type Model = (page: HttpPageModel, parallel: number) => number;

interface HttpScenario {
  summary: string;
  fetch: Fetcher;
  model: Model;
}

const nonPersistent: Fetcher = async (link, shape, _parallel, limits) => {
  const responses: FetchedResponse[] = [];
  for (const urlPath of [basePagePath(shape), ...objectPaths(shape)]) responses.push(await fetchOnce(link, urlPath, limits));
  return responses;
};

const persistent: Fetcher = async (link, shape, _parallel, limits) => {
  const connection = await HttpFetchConnection.open(link, limits);
  try {
    const responses: FetchedResponse[] = [];
    for (const urlPath of [basePagePath(shape), ...objectPaths(shape)]) {
      connection.send([urlPath]);
      responses.push(await connection.next());
    }
    return responses;
  } finally {
    connection.close();
  }
};

const pipelined: Fetcher = async (link, shape, _parallel, limits) => {
  const connection = await HttpFetchConnection.open(link, limits);
  try {
    connection.send([basePagePath(shape)]);
    const responses = [await connection.next()];
    const objects = objectPaths(shape);
    if (objects.length > 0) connection.send(objects);
    for (let i = 0; i < objects.length; i++) responses.push(await connection.next());
    return responses;
  } finally {
    connection.close();
  }
};

const parallelWaves: Fetcher = async (link, shape, parallel, limits) => {
  const responses = [await fetchOnce(link, basePagePath(shape), limits)];
  const objects = objectPaths(shape);
  for (let start = 0; start < objects.length; start += parallel) {
    responses.push(...(await Promise.all(objects.slice(start, start + parallel).map((p) => fetchOnce(link, p, limits)))));
  }
  return responses;
};

export const httpScenarios: Record<string, HttpScenario> = {
  'http-nonpersistent': { summary: 'one connection per object, one after another: Σ(2·RTT + L_i/R)', fetch: nonPersistent, model: (page) => nonPersistentPageTime(page) },
  'http-persistent': { summary: 'one connection, one request at a time: RTT + Σ(RTT + L_i/R)', fetch: persistent, model: (page) => persistentPageTime(page) },
  'http-pipelined': { summary: 'one connection, all objects requested at once: 3·RTT + ΣL_i/R', fetch: pipelined, model: (page) => pipelinedPageTime(page) },
  'http-parallel': { summary: 'k parallel non-persistent connections, in waves of k', fetch: parallelWaves, model: (page, k) => parallelPageTime(page, k) },
};

/** Runs one HTTP scenario against `origin` through a fresh emulated link. */
export async function measureHttpScenario(name: string, origin: Endpoint, settings: HttpScenarioSettings, targetLabel: string): Promise<PerfRecord> {
  const scenario = httpScenarios[name];
  if (!scenario) throw new UsageError(`unknown HTTP scenario '${name}'`);
  const shape = { objects: settings.objects, objectBytes: settings.objectBytes };
  const link = await startTcpLink(origin, symmetricLink({ rttMs: settings.rttMs, rateMbps: settings.rateMbps }));
  // A response may take its share of the whole page at the link rate, plus a margin.
  const pageSeconds = ((settings.objects + 1) * settings.objectBytes * 8) / (settings.rateMbps * 1e6);
  const limits: FetchLimits = { timeoutMs: 10_000 + 3_000 * pageSeconds + 10 * settings.rttMs, maxBodyBytes: settings.objectBytes + 1024 * 1024 };
  let responses: FetchedResponse[];
  const started = performance.now();
  try {
    responses = await scenario.fetch(link.endpoint, shape, settings.parallel, limits);
  } finally {
    await link.close();
  }
  const stats = link.stats();
  const measured = (Math.max(...responses.map((r) => r.completedAt)) - started) / 1000;
  const wrong = responses.find((r) => r.status !== 200);
  if (wrong) {
    throw new UsageError(`the target answered ${wrong.status} to a perf request: it must serve ${basePagePath(shape)} and /perf/obj-<i>-<bytes>.bin (see harness/perf/page-objects.ts)`);
  }
  const [base, ...objects] = responses.map((r) => r.wireBytes);
  const page: HttpPageModel = { rttS: settings.rttMs / 1000, rateBps: settings.rateMbps * 1e6, baseBytes: base ?? 0, objectBytes: objects };
  const model = scenario.model(page, settings.parallel);
  const params: PerfRecord['params'] = { target: targetLabel, rttMs: settings.rttMs, rateMbps: settings.rateMbps, objects: settings.objects, size: settings.objectBytes };
  if (name === 'http-parallel') params.parallel = settings.parallel;
  // What the formulas leave out, so a reader can see why a ratio is above 1: the server's
  // think time per request, and how late the emulator delivered (its own error, in the
  // slower direction).
  params.serverMs = round(stats.serverThinkMs ?? 0);
  params.lateMs = round(Math.max(stats.up.meanLateMs, stats.down.meanLateMs));
  return { scenario: name, params, unit: 's', measured: round(measured), model: round(model), ratio: round(modelRatio(measured, model)) };
}

/** Four significant decimals: a perf record is read by people, and timing is not finer. */
export function round(value: number): number {
  return Number.isFinite(value) ? Math.round(value * 10_000) / 10_000 : value;
}
