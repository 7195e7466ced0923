import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openHttpOrigin } from '../harness/perf/http-origin.ts';
import { objectPath, writePerfDocroot } from '../harness/perf/page-objects.ts';
import { startNginx } from './nginx-server.ts';
import { wrkRequestsPerSecond } from './wrk.ts';

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

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * The HTTP reference against nginx under wrk: the same 1 KiB file, the same load (keep-alive,
 * 32 connections, one wrk thread), never at the same time; both stay up and are measured
 * alternately `rounds` times, and the medians are compared.
 */
export async function httpReferenceVersusNginx(seconds: number, rounds = 3): Promise<ThroughputComparison> {
  const shape = { objects: 1, objectBytes: 1024 };
  const urlPath = objectPath(1, shape.objectBytes);
  const load = { seconds, connections: 32 };
  const origin = await openHttpOrigin(undefined, [shape]);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-bench-nginx-'));
  try {
    const docroot = path.join(workDir, 'docroot');
    await writePerfDocroot(docroot, shape);
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
    await rm(workDir, { recursive: true, force: true });
  }
}
