import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startNginx } from '../../bench/nginx-server.ts';
import { fetchOnce } from '../../harness/perf/http-fetch.ts';
import { objectPath, writePerfDocroot } from '../../harness/perf/page-objects.ts';
import { isListening } from '../../harness/targets/listening-ports.ts';

describe('nginx for the bench (Debian package nginx)', () => {
  it('serves the perf docroot from a generated config on a loopback port, and stops', async () => {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-test-nginx-'));
    try {
      await writePerfDocroot(path.join(workDir, 'docroot'), { objects: 1, objectBytes: 1024 });
      const nginx = await startNginx(path.join(workDir, 'docroot'), workDir);
      try {
        const response = await fetchOnce(nginx.endpoint, objectPath(1, 1024), { timeoutMs: 5_000 });
        expect(response).toMatchObject({ status: 200, bodyBytes: 1024 });
      } finally {
        await nginx.stop();
      }
      expect(await isListening(nginx.endpoint.port, 'tcp')).toBe(false);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  });
});
