import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Maildir delivery, the store the SMTP reference shares with the POP3/IMAP readers
 * (fixtures/mail/README.md): write to tmp/, fsync the file, rename into new/, fsync new/.
 * Only when this resolves may SMTP answer 250, so a crash at any moment loses no acknowledged
 * message and never shows a half-written one (rename is atomic; readers ignore tmp/).
 */

let counter = 0;

/** `<epoch-seconds>.<pid>_<counter>.<random hex>.rfcheck`, unique without a colon. */
export function uniqueMessageName(now = Date.now()): string {
  counter += 1;
  return `${Math.floor(now / 1000)}.${process.pid}_${counter}.${randomBytes(6).toString('hex')}.rfcheck`;
}

export function maildirOf(storeRoot: string, user: string): string {
  return path.join(storeRoot, user, 'Maildir');
}

/** Creates <storeRoot>/<user>/Maildir/{tmp,new,cur} if missing. */
export async function ensureMaildir(storeRoot: string, user: string): Promise<void> {
  const root = maildirOf(storeRoot, user);
  await Promise.all(['tmp', 'new', 'cur'].map((sub) => mkdir(path.join(root, sub), { recursive: true })));
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Delivers one message durably; resolves with the path in new/. */
export async function deliverToMaildir(storeRoot: string, user: string, message: Uint8Array): Promise<string> {
  const root = maildirOf(storeRoot, user);
  const name = uniqueMessageName();
  const staged = path.join(root, 'tmp', name);
  const delivered = path.join(root, 'new', name);
  const handle = await open(staged, 'wx', 0o600);
  try {
    await handle.writeFile(message);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(staged).catch(() => {});
    throw error;
  }
  await handle.close();
  await rename(staged, delivered);
  await syncDirectory(path.join(root, 'new'));
  return delivered;
}
