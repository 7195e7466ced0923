import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Maildir } from './maildir.ts';
import type { MailUsers } from './mail-users.ts';

/**
 * A private copy of fixtures/mail/mailboxes in a temporary folder: the references read and
 * change mail there and never write into fixtures/. `dispose()` removes it.
 */
export interface SeededStore {
  root: string;
  /** The INBOX Maildir of `user`. */
  inbox(user: string): Maildir;
  dispose(): Promise<void>;
}

export async function createSeededStore(fixturesDir: string, users: MailUsers): Promise<SeededStore> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-mail-'));
  await mkdir(root, { recursive: true });
  await cp(path.join(fixturesDir, 'mail', 'mailboxes'), root, { recursive: true });
  const inbox = (user: string): Maildir => new Maildir(path.join(root, user, 'Maildir'));
  // Git keeps no empty folders: make every user's tmp/, new/ and cur/.
  for (const user of users.names) await inbox(user).create();
  return { root, inbox, dispose: () => rm(root, { recursive: true, force: true }) };
}
