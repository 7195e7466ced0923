import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSuites } from '../core/catalogue.ts';
import { errorMessage } from '../core/errors.ts';
import type { ServerFactory } from '../core/suite.ts';
import { type Endpoint, formatEndpoint } from '../wire/limits.ts';
import { type PageShape, writePerfDocroot } from './page-objects.ts';
import { startPerfOrigin } from './perf-origin.ts';

/** The HTTP server the scenarios measure, and how to describe it in a perf record. */
export interface HttpOrigin {
  endpoint: Endpoint;
  label: string;
  close(): Promise<void>;
}

/**
 * `--target` when given (it must serve the perf paths itself); else the `http` suite's
 * reference, started on a temporary fixtures folder whose docroot holds the perf page; else,
 * when no http reference is in the catalogue, the in-harness origin (perf-origin.ts).
 */
export async function openHttpOrigin(target: Endpoint | undefined, shapes: PageShape[]): Promise<HttpOrigin> {
  if (target) return { endpoint: target, label: formatEndpoint(target), close: async () => {} };
  const { reference, missing } = await httpReference();
  if (!reference) {
    const origin = await startPerfOrigin();
    return { ...origin, label: `perf-origin (${missing})` };
  }
  const fixturesDir = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-perf-'));
  try {
    for (const shape of shapes) await writePerfDocroot(path.join(fixturesDir, 'http', 'docroot'), shape);
    const server = await reference.start({ host: '127.0.0.1', port: 0, fixturesDir });
    return {
      endpoint: server.endpoint,
      label: 'reference',
      close: async () => {
        await server.close();
        await rm(fixturesDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(fixturesDir, { recursive: true, force: true });
    throw error;
  }
}

/** The http reference, or why there is none (the record's target label says which was used). */
async function httpReference(): Promise<{ reference?: ServerFactory; missing: string }> {
  try {
    const reference = (await loadSuites()).find((s) => s.name === 'http')?.reference;
    return reference ? { reference, missing: '' } : { missing: 'no http reference in the catalogue' };
  } catch (error) {
    return { missing: `the catalogue did not load: ${errorMessage(error)}` };
  }
}
