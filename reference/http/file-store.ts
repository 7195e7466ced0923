import { randomBytes } from 'node:crypto';
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

export class FileStore {
  private uploads = 0;

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
      const written = await this.readIfFile(path.join(this.overlay, ...segments));
      if (written) return { kind: 'file', file: written };
    }
    const candidate = path.join(this.docroot, ...segments);
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

  /** Stores `bytes` at an upload target; resolves once the data is in place. */
  async write(segments: string[], bytes: Buffer): Promise<'created' | 'replaced' | 'full'> {
    const existed = (await this.lookup(segments)).kind === 'file';
    if (!existed && this.uploads >= maxUploads) return 'full';
    const final = path.join(this.overlay, ...segments);
    // Written aside, then renamed: a reader sees the old bytes or the new, never half of them.
    const temporary = path.join(this.overlay, `.partial-${randomBytes(6).toString('hex')}`);
    await writeFile(temporary, bytes);
    await rename(temporary, final);
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
