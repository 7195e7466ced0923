import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * One Maildir folder (`tmp/`, `new/`, `cur/`), the store the mail references share
 * (fixtures/mail/README.md). A message is a file; its name is `<key>` in new/ and
 * `<key>:2,<flags>` in cur/, where the flags letters are Maildir's (D draft, F flagged,
 * R replied, S seen, T trashed). Readers see new/ and cur/ and never tmp/.
 */

export interface MaildirMessage {
  /** The file name without the `:2,` info: stable for the message's life, unique in the folder. */
  key: string;
  /** Where the file is now (new/ or cur/). */
  file: string;
  /** Maildir flag letters, sorted. */
  flags: string;
  /** Modification time: when it was delivered, for IMAP's internal date. */
  mtimeMs: number;
}

const infoSeparator = ':2,';
let deliveries = 0;

export class Maildir {
  constructor(readonly root: string) {}

  async create(): Promise<void> {
    for (const sub of ['tmp', 'new', 'cur']) await mkdir(path.join(this.root, sub), { recursive: true });
  }

  async exists(): Promise<boolean> {
    try {
      return (await stat(path.join(this.root, 'cur'))).isDirectory();
    } catch {
      return false;
    }
  }

  /**
   * The messages of new/ and cur/, oldest first (by key, which starts with the delivery time).
   * A file listed before (`known`, by path) is not looked at again: only new names cost a stat.
   */
  async list(known?: ReadonlyMap<string, MaildirMessage>): Promise<MaildirMessage[]> {
    const found: MaildirMessage[] = [];
    for (const sub of ['new', 'cur']) {
      let names: string[];
      try {
        names = await readdir(path.join(this.root, sub));
      } catch {
        continue;
      }
      for (const name of names) {
        if (name.startsWith('.')) continue;
        const file = path.join(this.root, sub, name);
        const seen = known?.get(file);
        if (seen) {
          found.push(seen);
          continue;
        }
        let info;
        try {
          info = await stat(file);
        } catch {
          continue; // moved or removed by another session meanwhile
        }
        if (!info.isFile()) continue;
        const at = name.indexOf(infoSeparator);
        const key = at < 0 ? name : name.slice(0, at);
        const flags = at < 0 ? '' : sortFlags(name.slice(at + infoSeparator.length));
        found.push({ key, file, flags, mtimeMs: info.mtimeMs });
      }
    }
    return found.sort((a, b) => compareKeys(a.key, b.key));
  }

  /** The message as served on the wire: every line ending is CRLF (a bare LF gains its CR). */
  async read(message: MaildirMessage): Promise<Buffer> {
    return toCrlf(await readFile(message.file));
  }

  /**
   * Delivers `bytes`: write to tmp/, fsync, rename into new/ (or cur/ when flags are given),
   * fsync the directory, so the message survives a crash once this resolves.
   */
  async deliver(bytes: Uint8Array, flags = '', mtime?: Date): Promise<string> {
    const key = `${Math.floor(Date.now() / 1000)}.P${process.pid}Q${++deliveries}R${randomBytes(6).toString('hex')}.rfcheck`;
    const temporary = path.join(this.root, 'tmp', key);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      if (mtime) await handle.utimes(mtime, mtime);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const sub = flags === '' ? 'new' : 'cur';
    const name = flags === '' ? key : `${key}${infoSeparator}${sortFlags(flags)}`;
    await rename(temporary, path.join(this.root, sub, name));
    await syncDirectory(path.join(this.root, sub));
    return key;
  }

  /** Moves the message to cur/ with exactly these flags; returns its new state. */
  async setFlags(message: MaildirMessage, flags: string): Promise<MaildirMessage> {
    const sorted = sortFlags(flags);
    const file = path.join(this.root, 'cur', `${message.key}${infoSeparator}${sorted}`);
    if (file === message.file) return message;
    await rename(message.file, file);
    return { ...message, file, flags: sorted };
  }

  async remove(message: MaildirMessage): Promise<void> {
    await unlink(message.file);
  }

  /** Forces the directory entries (renames, unlinks) to disk. */
  async sync(): Promise<void> {
    for (const sub of ['new', 'cur']) await syncDirectory(path.join(this.root, sub));
  }
}

export async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function sortFlags(letters: string): string {
  return [...new Set(letters.replace(/[^A-Za-z]/g, ''))].sort().join('');
}

/** Keys start with the delivery time in seconds; compare that numerically, then the rest. */
function compareKeys(a: string, b: string): number {
  const ta = Number.parseInt(a, 10);
  const tb = Number.parseInt(b, 10);
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta - tb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Adds the CR before every bare LF, leaving CRLF pairs as they are. */
export function toCrlf(bytes: Buffer): Buffer {
  let bare = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a && (i === 0 || bytes[i - 1] !== 0x0d)) bare++;
  if (bare === 0) return bytes;
  const out = Buffer.alloc(bytes.length + bare);
  let o = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte === 0x0a && (i === 0 || bytes[i - 1] !== 0x0d)) out[o++] = 0x0d;
    out[o++] = byte;
  }
  return out;
}
