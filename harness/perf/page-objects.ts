import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The web page the HTTP scenarios fetch, and how any target must serve it:
 *   /perf/base-<N>-<BYTES>.html   a base page referencing N objects
 *   /perf/obj-<i>-<BYTES>.bin     object i (1..N), exactly BYTES bytes
 * A server under `--target` serves these from its docroot; writePerfDocroot creates them.
 */

export interface PageShape {
  objects: number;
  objectBytes: number;
}

export const perfFolder = 'perf';

export function basePagePath({ objects, objectBytes }: PageShape): string {
  return `/${perfFolder}/base-${objects}-${objectBytes}.html`;
}

export function objectPath(index: number, objectBytes: number): string {
  return `/${perfFolder}/obj-${index}-${objectBytes}.bin`;
}

export function objectPaths(shape: PageShape): string[] {
  return Array.from({ length: shape.objects }, (_, i) => objectPath(i + 1, shape.objectBytes));
}

export function basePageHtml(shape: PageShape): string {
  const images = objectPaths(shape).map((p) => `<img src="${p}" alt="">`);
  return `<!doctype html>\n<title>rfcheck perf page</title>\n${images.join('\n')}\n`;
}

/** Deterministic, incompressible-looking bytes, so no layer can shortcut the transfer. */
export function objectBody(index: number, bytes: number): Buffer {
  const body = Buffer.alloc(bytes);
  let state = (index * 2654435761) >>> 0;
  for (let i = 0; i < bytes; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    body[i] = state >>> 24;
  }
  return body;
}

/** The body a perf path names, or undefined for any other path. */
export function perfPathBody(urlPath: string): Buffer | undefined {
  const base = /^\/perf\/base-(\d{1,4})-(\d{1,9})\.html$/.exec(urlPath);
  if (base) return Buffer.from(basePageHtml({ objects: Number(base[1]), objectBytes: Number(base[2]) }));
  const object = /^\/perf\/obj-(\d{1,4})-(\d{1,9})\.bin$/.exec(urlPath);
  if (object && Number(object[2]) <= maxObjectBytes) return objectBody(Number(object[1]), Number(object[2]));
  return undefined;
}

/** The largest object a scenario asks for (and the in-harness origin will make). */
export const maxObjectBytes = 64 * 1024 * 1024;

/** Writes the page and its objects under `docroot`/perf, for a static server such as nginx. */
export async function writePerfDocroot(docroot: string, shape: PageShape): Promise<void> {
  const folder = path.join(docroot, perfFolder);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(docroot, basePagePath(shape)), basePageHtml(shape));
  for (let i = 1; i <= shape.objects; i++) await writeFile(path.join(docroot, objectPath(i, shape.objectBytes)), objectBody(i, shape.objectBytes));
}
