import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** What the docroot answers for one request target. */
export interface StaticReply {
  status: number;
  contentType: string;
  body: Buffer;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

const page = (status: number, title: string): StaticReply => ({
  status,
  contentType: 'text/html; charset=utf-8',
  body: Buffer.from(`<!DOCTYPE html>\n<html><head><title>${status} ${title}</title></head>\n<body><h1>${status} ${title}</h1>\n<p>rfcheck HTTP/2 reference server</p></body></html>\n`),
});

/**
 * Maps a request path onto files under `root`, never outside it: the path is percent-decoded,
 * normalised, and refused if it climbs above the root or holds a NUL. A directory serves its
 * index.html.
 */
export async function lookUp(root: string, method: string, target: string): Promise<StaticReply> {
  if (method !== 'GET' && method !== 'HEAD') return page(405, 'Method Not Allowed');
  let decoded: string;
  try {
    decoded = decodeURIComponent(target.split('?')[0] ?? '/');
  } catch {
    return page(400, 'Bad Request');
  }
  if (!decoded.startsWith('/') || decoded.includes('\0')) return page(400, 'Bad Request');
  const resolved = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) return page(403, 'Forbidden');
  try {
    const info = await stat(resolved);
    const file = info.isDirectory() ? path.join(resolved, 'index.html') : resolved;
    const body = await readFile(file);
    return { status: 200, contentType: types[path.extname(file).toLowerCase()] ?? 'application/octet-stream', body };
  } catch {
    return page(404, 'Not Found');
  }
}

/** The docroot the HTTP/1.1 and HTTP/2 references share: fixtures/http/docroot. */
export const docrootOf = (fixturesDir: string): string => path.resolve(fixturesDir, 'http', 'docroot');
