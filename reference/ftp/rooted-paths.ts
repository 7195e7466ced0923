import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * Maps the paths a client names to files under its root, and refuses every path that would
 * leave it. A client's path is resolved against its working directory as a POSIX path in a
 * virtual tree whose "/" is the root, with ".." stopping at "/", so no spelling of a path
 * climbs above the root; a symbolic link is followed only when its target also lies inside
 * the root. FTP has no escaping: "%2e%2e" and "..\\" are ordinary file names here.
 */
export class PathRefused extends Error {
  constructor(
    readonly code: 550 | 553 | 501,
    message: string,
  ) {
    super(message);
    this.name = 'PathRefused';
  }
}

export class RootedPaths {
  private constructor(private readonly realRoot: string) {}

  /** `root` must exist; its real path (links resolved) is the boundary. */
  static async at(root: string): Promise<RootedPaths> {
    return new RootedPaths(await realpath(root));
  }

  /** The virtual absolute path `argument` names from `cwd` (both virtual). */
  resolve(cwd: string, argument: string): string {
    if (argument.includes('\0')) throw new PathRefused(501, 'Path names may not contain NUL.');
    const joined = argument.startsWith('/') ? argument : `${cwd}/${argument}`;
    const parts: string[] = [];
    for (const part of joined.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    return `/${parts.join('/')}`;
  }

  /** The file system path of a virtual path; lexically inside the root by construction. */
  local(virtual: string): string {
    return path.join(this.realRoot, ...virtual.split('/').filter(Boolean));
  }

  /** The local path of an existing entry whose real location (links followed) is inside the root. */
  async existing(virtual: string): Promise<string> {
    const local = this.local(virtual);
    let real: string;
    try {
      real = await realpath(local);
    } catch {
      throw new PathRefused(550, 'No such file or directory.');
    }
    if (!this.contains(real)) throw new PathRefused(550, 'No such file or directory.');
    return local;
  }

  /**
   * The local path where a new entry may be written: its folder must be a real folder inside the
   * root, and if the name already exists as a link, the link must point inside the root (a
   * dangling link is refused: writing through it would create a file wherever it points).
   */
  async creatable(virtual: string): Promise<string> {
    if (virtual === '/') throw new PathRefused(553, 'That name is not allowed.');
    const local = this.local(virtual);
    await this.existing(path.posix.dirname(virtual));
    const entry = await lstat(local).catch(() => undefined);
    if (entry?.isSymbolicLink()) {
      const real = await realpath(local).catch(() => undefined);
      if (real === undefined || !this.contains(real)) throw new PathRefused(553, 'That name is not allowed.');
    }
    return local;
  }

  private contains(real: string): boolean {
    return real === this.realRoot || real.startsWith(this.realRoot + path.sep);
  }
}
