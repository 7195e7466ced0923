import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * The files the reference serves: the docroot, read-only, under a per-server overlay that holds
 * what PUT and POST wrote (only in the upload area). Lookups resolve symlinks and refuse
 * anything that ends up outside the docroot, so no path, encoded or linked, escapes it.
 */

export interface StoredFile {
  bytes: Buffer;
  modified: Date;
  /** The file's name, for its media type. */
  name: string;
}

export type Lookup = { kind: 'file'; file: StoredFile } | { kind: 'directory' } | { kind: 'missing' };

/** The folder PUT and POST may write into, as the first path segment. */
export const uploadArea = 'uploads';
const uploadName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const maxUploads = 1000;
/** Lookups kept between requests, and the largest file kept with them. */
const cacheEntries = 1024;
const cacheFileBytes = 8 * 1024 * 1024;
/**
 * How long a remembered lookup is served without looking at the file system again. Writes
 * through this store (PUT, POST) forget what they replace at once; a change made to the docroot
 * from outside shows within this time (nginx's open_file_cache_valid is the same idea).
 */
const revalidateMs = 1000;

/**
 * A lookup remembered with the identity of what it found. Once `revalidateMs` has passed, one
 * stat decides: when the path's inode, size, mtime or ctime differ (an edit, a rename in place,
 * a link or unlink changes ctime), the entry is stale and the lookup is done again.
 */
interface CachedLookup {
  identity: string;
  checkedAt: number;
  found: Exclude<Lookup, { kind: 'missing' }>;
}

function identityOf(info: Stats): string {
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;
}

export class FileStore {
  private uploads = 0;
  private readonly cache = new Map<string, CachedLookup>();
  /** Counts this store's writes: a lookup that overlapped one is not remembered. */
  private writes = 0;

  private constructor(
    private readonly docroot: string,
    private readonly overlay: string,
  ) {}

  static async open(docroot: string): Promise<FileStore> {
    const realDocroot = await realpath(docroot);
    const overlay = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-http-overlay-'));
    await mkdir(path.join(overlay, uploadArea));
    return new FileStore(realDocroot, overlay);
  }

  /** True when `segments` name a file PUT may create or replace: /uploads/<plain name>. */
  static isUploadTarget(segments: string[]): boolean {
    return segments.length === 2 && segments[0] === uploadArea && uploadName.test(segments[1] as string);
  }

  async lookup(segments: string[]): Promise<Lookup> {
    if (FileStore.isUploadTarget(segments)) {
      const written = await this.cachedFile(path.join(this.overlay, ...segments));
      if (written) return { kind: 'file', file: written };
    }
    const candidate = path.join(this.docroot, ...segments);
    const fresh = this.fresh(candidate);
    if (fresh) return fresh.found;
    const writes = this.writes;
    const info = await stat(candidate).catch(() => undefined);
    if (!info) return { kind: 'missing' };
    if (this.stillValid(candidate, info)) return (this.cache.get(candidate) as CachedLookup).found;
    const found = await this.resolve(candidate);
    // Remembered under the identity seen before resolving: a change meanwhile only forces a re-read.
    if (found.kind !== 'missing') this.remember(candidate, identityOf(info), found, writes);
    return found;
  }

  /** The full lookup: symlinks resolved, anything outside the docroot refused. */
  private async resolve(candidate: string): Promise<Lookup> {
    let resolved: string;
    try {
      resolved = await realpath(candidate);
    } catch {
      return { kind: 'missing' };
    }
    if (resolved !== this.docroot && !resolved.startsWith(this.docroot + path.sep)) return { kind: 'missing' };
    const info = await stat(resolved).catch(() => undefined);
    if (!info) return { kind: 'missing' };
    if (info.isDirectory()) return { kind: 'directory' };
    const file = await this.readIfFile(resolved);
    return file ? { kind: 'file', file } : { kind: 'missing' };
  }

  /** A regular file's bytes, from the cache while its identity is unchanged. */
  private async cachedFile(file: string): Promise<StoredFile | undefined> {
    const fresh = this.fresh(file);
    if (fresh?.found.kind === 'file') return fresh.found.file;
    const writes = this.writes;
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const cached = this.cache.get(file);
    if (this.stillValid(file, info) && cached?.found.kind === 'file') return cached.found.file;
    const read = await this.readIfFile(file);
    if (read) this.remember(file, identityOf(info), { kind: 'file', file: read }, writes);
    return read;
  }

  /** The remembered lookup of `key` if it was checked less than `revalidateMs` ago. */
  private fresh(key: string): CachedLookup | undefined {
    const cached = this.cache.get(key);
    return cached && performance.now() - cached.checkedAt < revalidateMs ? cached : undefined;
  }

  /** True (and the entry's clock restarted) when what `key` names is still what was remembered. */
  private stillValid(key: string, info: Stats): boolean {
    const cached = this.cache.get(key);
    if (!cached || cached.identity !== identityOf(info)) return false;
    cached.checkedAt = performance.now();
    return true;
  }

  private remember(key: string, identity: string, found: CachedLookup['found'], writesBefore: number): void {
    if (writesBefore !== this.writes) return;
    if (found.kind === 'file' && found.file.bytes.length > cacheFileBytes) return;
    this.cache.delete(key);
    if (this.cache.size >= cacheEntries) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { identity, checkedAt: performance.now(), found });
  }

  /** Stores `bytes` at an upload target; resolves once the data is in place. */
  async write(segments: string[], bytes: Buffer): Promise<'created' | 'replaced' | 'full'> {
    const existed = (await this.lookup(segments)).kind === 'file';
    if (!existed && this.uploads >= maxUploads) return 'full';
    const final = path.join(this.overlay, ...segments);
    // Written aside, then renamed: a reader sees the old bytes or the new, never half of them.
    const temporary = path.join(this.overlay, `.partial-${randomBytes(6).toString('hex')}`);
    await writeFile(temporary, bytes);
    this.writes += 1;
    this.cache.delete(final);
    await rename(temporary, final);
    // Again after the rename: a lookup that ran meanwhile may have seen either version.
    this.writes += 1;
    this.cache.delete(final);
    if (!existed) this.uploads += 1;
    return existed ? 'replaced' : 'created';
  }

  /** A fresh name in the upload area, for POST. */
  async freshUploadName(): Promise<string> {
    const taken = new Set(await readdir(path.join(this.overlay, uploadArea)));
    for (;;) {
      const name = `post-${randomBytes(6).toString('hex')}`;
      if (!taken.has(name)) return name;
    }
  }

  async close(): Promise<void> {
    await rm(this.overlay, { recursive: true, force: true });
  }

  private async readIfFile(file: string): Promise<StoredFile | undefined> {
    try {
      const info = await stat(file);
      if (!info.isFile()) return undefined;
      return { bytes: await readFile(file), modified: info.mtime, name: file };
    } catch {
      return undefined;
    }
  }
}
