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
  oursPerSecond: number;
  theirs: string;
  theirsPerSecond: number;
  ratio: number;
}

/**
 * The HTTP reference against nginx under wrk: the same 1 KiB file, the same load (keep-alive,
 * 32 connections, one wrk thread), one after the other so they do not share the cores.
 */
export async function httpReferenceVersusNginx(seconds: number): Promise<ThroughputComparison> {
  const shape = { objects: 1, objectBytes: 1024 };
  const urlPath = objectPath(1, shape.objectBytes);
  const load = { seconds, connections: 32 };
  const origin = await openHttpOrigin(undefined, [shape]);
  let oursPerSecond: number;
  try {
    oursPerSecond = await wrkRequestsPerSecond(origin.endpoint, urlPath, load);
  } finally {
    await origin.close();
  }
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-bench-nginx-'));
  try {
    const docroot = path.join(workDir, 'docroot');
    await writePerfDocroot(docroot, shape);
    const nginx = await startNginx(docroot, workDir);
    try {
      const theirsPerSecond = await wrkRequestsPerSecond(nginx.endpoint, urlPath, load);
      return { tool: 'wrk', ours: `http ${origin.label}`, oursPerSecond, theirs: 'nginx (1 worker)', theirsPerSecond, ratio: oursPerSecond / theirsPerSecond };
    } finally {
      await nginx.stop();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
