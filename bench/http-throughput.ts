import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSuites } from '../harness/core/catalogue.ts';
import { spawnedReference } from '../harness/targets/spawned-reference.ts';
import { objectPath, writePerfDocroot } from '../harness/perf/page-objects.ts';
import { startTarget } from '../harness/targets/start-target.ts';
import { type Endpoint, defaultWireLimits } from '../harness/wire/limits.ts';
import { startNginx } from './nginx-server.ts';
import { wrkRequestsPerSecond } from './wrk.ts';
import { median } from './median.ts';

export interface ThroughputComparison {
  tool: string;
  /** What served as "our" server (the reference, or the perf origin if no reference exists). */
  ours: string;
  /** The median of the rounds. */
  oursPerSecond: number;
  theirs: string;
  theirsPerSecond: number;
  /** Median ours / median theirs. */
  ratio: number;
  /** Each round's figures, measured alternately (ours, theirs, ours, …) so load drifts hit both. */
  rounds?: { ours: number[]; theirs: number[] };
}

/**
 * The HTTP reference against nginx under wrk: the same 1 KiB file, the same load (keep-alive,
 * 32 connections, one wrk thread), never at the same time; both stay up and are measured
 * alternately `rounds` times, and the medians are compared. Like nginx, the reference runs in
 * its own process (`rfcheck serve http`), not inside the bench with everything it has loaded.
 */
export async function httpReferenceVersusNginx(seconds: number, rounds = 3): Promise<ThroughputComparison> {
  const shape = { objects: 1, objectBytes: 1024 };
  const urlPath = objectPath(1, shape.objectBytes);
  const load = { seconds, connections: 32 };
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-bench-nginx-'));
  try {
    const docroot = path.join(workDir, 'docroot');
    await writePerfDocroot(docroot, shape);
    await writePerfDocroot(path.join(workDir, 'fixtures', 'http', 'docroot'), shape);
    const origin = await spawnedHttpReference(path.join(workDir, 'fixtures'));
    try {
      const nginx = await startNginx(docroot, workDir);
      try {
        const ours: number[] = [];
        const theirs: number[] = [];
        for (let round = 0; round < rounds; round += 1) {
          ours.push(await wrkRequestsPerSecond(origin.endpoint, urlPath, load));
          theirs.push(await wrkRequestsPerSecond(nginx.endpoint, urlPath, load));
        }
        const oursPerSecond = median(ours);
        const theirsPerSecond = median(theirs);
        return { tool: 'wrk', ours: `http ${origin.label}`, oursPerSecond, theirs: 'nginx (1 worker)', theirsPerSecond, ratio: oursPerSecond / theirsPerSecond, rounds: { ours, theirs } };
      } finally {
        await nginx.stop();
      }
    } finally {
      await origin.close();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** `rfcheck serve http` in its own process, serving `fixturesDir`. */
async function spawnedHttpReference(fixturesDir: string): Promise<{ endpoint: Endpoint; label: string; close(): Promise<void> }> {
  const suite = (await loadSuites()).find((s) => s.name === 'http');
  if (!suite) throw new Error('no http suite in the catalogue');
  const target = await startTarget(suite, spawnedReference('http'), { fixturesDir, startTimeoutMs: 20_000, limits: defaultWireLimits });
  return { endpoint: target.endpoint, label: 'reference (own process)', close: () => target.close() };
}
