import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { RuleSetup } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';

/**
 * What the fixture contract (fixtures/http/README.md) says a target serves: every file of
 * fixtures/http/docroot at its path, a directory for the trailing-slash redirect, an upload
 * area for PUT and POST, and the visit counter. Rules compare the target's answers with these
 * files, read from the fixtures folder the run was given.
 */

export interface SiteFile {
  /** The URL path, e.g. `/css/site.css`. */
  path: string;
  bytes: Buffer;
}

/** A directory of the docroot, asked for without its trailing slash. */
export const redirectDirectory = '/docs';
export const uploadArea = '/uploads/';
export const visitsPath = '/visits';
/** The page every target serves as its base HTML file. */
export const basePage = '/index.html';

/** The media type the contract expects for each extension the docroot uses. */
export const expectedMediaTypes: Record<string, string[]> = {
  '.html': ['text/html'],
  '.css': ['text/css'],
  '.js': ['text/javascript', 'application/javascript'],
  '.json': ['application/json'],
  '.txt': ['text/plain'],
  '.png': ['image/png'],
  '.svg': ['image/svg+xml'],
  '.bin': ['application/octet-stream'],
};

const cache = new Map<string, SiteFile[]>();

/** Every file of the docroot but the upload area, whose content other rules change. */
export function siteFiles(fixturesDir: string): SiteFile[] {
  const docroot = path.join(fixturesDir, 'http', 'docroot');
  const known = cache.get(docroot);
  if (known) return known;
  const files: SiteFile[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push({ path: `/${path.relative(docroot, full).split(path.sep).join('/')}`, bytes: readFileSync(full) });
    }
  };
  walk(docroot);
  const served = files.filter((f) => !f.path.startsWith(uploadArea)).sort((a, b) => a.path.localeCompare(b.path));
  cache.set(docroot, served);
  return served;
}

/** An arbitrary file of the site (for rule inputs). */
export const siteFile = (setup: RuleSetup): fc.Arbitrary<SiteFile> => fc.constantFrom(...siteFiles(setup.options.fixturesDir));

/** The site file at `urlPath`. */
export function siteFileAt(io: RunIO, urlPath: string): SiteFile {
  const file = siteFiles(io.options.fixturesDir).find((f) => f.path === urlPath);
  if (!file) throw new Error(`the fixture docroot has no ${urlPath}`);
  return file;
}
