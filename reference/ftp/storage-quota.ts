import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * How much one account's root may hold: a number of entries (files, folders, links) and a
 * number of bytes, so that clients — a fuzzer creating folders for hours, or a client storing
 * large files in a loop — cannot fill the disk through the reference. The tally starts from
 * the copied fixture tree and follows every command that creates, grows, replaces or removes
 * an entry. Over the quota, STOR and APPE are refused with 452 before any data connection and
 * an upload that outgrows the room left is aborted with 552 (RFC 959 §4.2.2: no storage room
 * left, and the storage allocation overrun); MKD, which RFC 959 §5.4 does not let
 * answer 452, is refused with 550.
 */
export class StorageQuota {
  private constructor(
    private entries: number,
    private bytes: number,
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  /** Counts what `root` holds now (links are counted, not followed). */
  static async measure(root: string, maxEntries: number, maxBytes: number): Promise<StorageQuota> {
    let entries = 0;
    let bytes = 0;
    const folders = [root];
    for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
      for (const name of await readdir(folder)) {
        const local = path.join(folder, name);
        const stats = await lstat(local);
        entries += 1;
        if (stats.isDirectory()) folders.push(local);
        else if (stats.isFile()) bytes += stats.size;
      }
    }
    return new StorageQuota(entries, bytes, maxEntries, maxBytes);
  }

  get usedEntries(): number {
    return this.entries;
  }

  get usedBytes(): number {
    return this.bytes;
  }

  /** Whether one more entry fits. */
  hasRoomForEntry(): boolean {
    return this.entries < this.maxEntries;
  }

  /**
   * Sets aside up to `wanted` bytes for an upload and returns how many it got (0 when the
   * quota is full); the caller hands them back with `settleUpload` once the upload is over.
   */
  reserveUpload(wanted: number): number {
    const granted = Math.max(0, Math.min(wanted, this.maxBytes - this.bytes));
    this.bytes += granted;
    return granted;
  }

  /** Ends an upload: the reservation is returned and the file's real change is counted. */
  settleUpload(reserved: number, before: FileTally, after: FileTally): void {
    this.bytes -= reserved;
    this.changed(before, after);
  }

  /** Counts an entry that appeared, changed size or went away. */
  changed(before: FileTally, after: FileTally): void {
    this.entries += Number(after.exists) - Number(before.exists);
    this.bytes += after.bytes - before.bytes;
  }
}

/** One entry as the quota sees it: whether it exists and its bytes (0 for a folder). */
export interface FileTally {
  exists: boolean;
  bytes: number;
}

export const absent: FileTally = { exists: false, bytes: 0 };

/**
 * The tally of `local`. A link counts as an entry of no bytes, except for a write through it
 * (`throughLinks`), whose growth is the growth of the file it points to.
 */
export async function tallyOf(local: string, throughLinks = false): Promise<FileTally> {
  const stats = (throughLinks ? await stat(local).catch(() => undefined) : undefined) ?? (await lstat(local).catch(() => undefined));
  return stats ? { exists: true, bytes: stats.isFile() ? stats.size : 0 } : absent;
}
