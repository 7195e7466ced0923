import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { basePageHtml, basePagePath, objectBody, objectPaths, perfPathBody, writePerfDocroot } from '../../../harness/perf/page-objects.ts';

describe('the perf page and its objects', () => {
  const shape = { objects: 3, objectBytes: 1000 };

  it('names the base page and the objects by count and size', () => {
    expect(basePagePath(shape)).toBe('/perf/base-3-1000.html');
    expect(objectPaths(shape)).toEqual(['/perf/obj-1-1000.bin', '/perf/obj-2-1000.bin', '/perf/obj-3-1000.bin']);
    for (const p of objectPaths(shape)) expect(basePageHtml(shape)).toContain(`src="${p}"`);
  });

  it('makes each object the same every time, of exactly its size, different from the others', () => {
    expect(objectBody(2, 1000).equals(objectBody(2, 1000))).toBe(true);
    expect(objectBody(2, 1000).equals(objectBody(3, 1000))).toBe(false);
    expect(objectBody(1, 12_345).length).toBe(12_345);
  });

  it('answers only the paths of the naming scheme', () => {
    expect(perfPathBody('/perf/obj-2-1000.bin')?.equals(objectBody(2, 1000))).toBe(true);
    expect(perfPathBody('/perf/base-3-1000.html')?.toString()).toBe(basePageHtml(shape));
    expect(perfPathBody('/perf/obj-2-1000.bin/../../etc/passwd')).toBeUndefined();
    expect(perfPathBody('/perf/obj-1-999999999.bin')).toBeUndefined();
  });

  it('writes the same bytes into a docroot for a static server', async () => {
    const docroot = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-perf-test-'));
    try {
      await writePerfDocroot(docroot, shape);
      expect((await readFile(path.join(docroot, 'perf', 'obj-3-1000.bin'))).equals(objectBody(3, 1000))).toBe(true);
      expect(await readFile(path.join(docroot, 'perf', 'base-3-1000.html'), 'utf8')).toBe(basePageHtml(shape));
    } finally {
      await rm(docroot, { recursive: true, force: true });
    }
  });
});
