import { open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Maildir, type MaildirMessage, syncDirectory } from '../maildir.ts';

/**
 * One user's IMAP mailboxes over Maildir++: INBOX is the Maildir itself, mailbox "a.b" is the
 * folder ".a.b" beside it ("." is the hierarchy delimiter). Each mailbox keeps its UIDs in
 * `rfcheck-uidlist` (written to a temporary file, fsynced, renamed): a message's UID never
 * changes, UIDs only grow, and UIDVALIDITY changes only when a mailbox is made anew.
 */

export const delimiter = '.';
export const systemFlags = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'] as const;
const letters: Record<string, string> = { '\\Answered': 'R', '\\Flagged': 'F', '\\Deleted': 'T', '\\Seen': 'S', '\\Draft': 'D' };
const uidListName = 'rfcheck-uidlist';

/**
 * Bounds on what one user may store (fixtures/imap/README.md), so that a client appending or
 * creating without end cannot make every later command slower and the server's memory grow:
 * past them CREATE answers NO [LIMIT] and APPEND/COPY answer NO [LIMIT] or [OVERQUOTA]
 * (response codes of RFC 5530 §3), changing nothing.
 */
export const storeLimits = {
  /** Mailboxes of one user, INBOX included. */
  mailboxes: 1000,
  /** Messages in one mailbox: each command rescans the selected one. */
  messagesPerMailbox: 5000,
  /** Messages in all the mailboxes of one user that this server has opened. */
  messagesPerUser: 50_000,
};

export interface ImapMessage {
  uid: number;
  stored: MaildirMessage;
  flags: Set<string>;
  /** Octets on the wire (CRLF line ends). */
  size: number;
  /** Not yet seen by any session that selected the mailbox (\Recent). */
  recent: boolean;
}

interface UidList {
  uidValidity: number;
  uidNext: number;
  uids: Record<string, number>;
}

let lastValidity = 0;
/** Strictly increasing per process, so a mailbox deleted and made again gets a new UIDVALIDITY. */
function freshUidValidity(): number {
  lastValidity = Math.max(lastValidity + 1, Math.floor(Date.now() / 1000));
  return lastValidity;
}

export class Mailbox {
  uidValidity = 0;
  uidNext = 1;
  messages: ImapMessage[] = [];
  private syncing: Promise<void> | undefined;

  constructor(
    readonly name: string,
    readonly maildir: Maildir,
  ) {}

  /** Rereads the folder: files that came keep or get a UID, files that went are dropped. */
  sync(): Promise<void> {
    this.syncing ??= this.rescan().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async rescan(): Promise<void> {
    const list = await this.readUidList();
    const known = new Map(this.messages.map((m) => [m.stored.key, m]));
    const next: ImapMessage[] = [];
    let changed = false;
    for (const stored of await this.maildir.list(new Map(this.messages.map((m) => [m.stored.file, m.stored])))) {
      let uid = list.uids[stored.key];
      if (uid === undefined) {
        uid = list.uidNext++;
        list.uids[stored.key] = uid;
        changed = true;
      }
      const flags = new Set([...stored.flags].map((l) => Object.keys(letters).find((f) => letters[f] === l)).filter((f): f is string => f !== undefined));
      const previous = known.get(stored.key);
      const size = previous?.size ?? (await this.maildir.read(stored).then((b) => b.length).catch(() => -1));
      if (size < 0) continue;
      next.push({ uid, stored, flags, size, recent: previous ? previous.recent : stored.file.includes(`${path.sep}new${path.sep}`) });
    }
    const present = new Set(next.map((m) => m.stored.key));
    for (const key of Object.keys(list.uids)) {
      if (!present.has(key)) {
        delete list.uids[key];
        changed = true;
      }
    }
    this.messages = next.sort((a, b) => a.uid - b.uid);
    this.uidValidity = list.uidValidity;
    this.uidNext = list.uidNext;
    if (changed) await this.writeUidList(list);
  }

  async setFlags(message: ImapMessage, flags: Set<string>): Promise<void> {
    const letterString = [...flags].map((f) => letters[f] ?? '').join('');
    message.stored = await this.maildir.setFlags(message.stored, letterString);
    message.flags = new Set([...flags].filter((f) => letters[f] !== undefined));
  }

  /** Adds a message; resolves once it is on disk, with its UID. */
  async append(octets: Buffer, flags: Set<string>, internalDate?: Date): Promise<number> {
    const letterString = [...flags].map((f) => letters[f] ?? '').join('');
    const key = await this.maildir.deliver(octets, letterString === '' ? '' : letterString, internalDate);
    await this.sync();
    const added = this.messages.find((m) => m.stored.key === key);
    if (!added) throw new Error('the appended message vanished');
    added.recent = true;
    return added.uid;
  }

  /** Removes the messages and syncs; the caller reports EXPUNGE for each. */
  async expunge(messages: ImapMessage[]): Promise<void> {
    for (const message of messages) await this.maildir.remove(message.stored).catch(() => undefined);
    await this.maildir.sync();
    await this.sync();
  }

  private async readUidList(): Promise<UidList> {
    try {
      const parsed = JSON.parse(await readFile(path.join(this.maildir.root, uidListName), 'utf8')) as UidList;
      if (Number.isInteger(parsed.uidValidity) && Number.isInteger(parsed.uidNext) && typeof parsed.uids === 'object') return parsed;
    } catch {
      // A mailbox never listed before: it starts now.
    }
    const list = { uidValidity: freshUidValidity(), uidNext: 1, uids: {} };
    await this.writeUidList(list);
    return list;
  }

  private async writeUidList(list: UidList): Promise<void> {
    const file = path.join(this.maildir.root, uidListName);
    const temporary = `${file}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(list));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    await syncDirectory(this.maildir.root);
  }
}

/** The mailboxes of one user, shared by all of that user's sessions. */
export class UserMailboxes {
  private readonly open = new Map<string, Mailbox>();

  constructor(readonly root: string) {}

  /** The canonical name, or undefined when the name is not one this store can hold. */
  static normalize(name: string): string | undefined {
    if (name.toUpperCase() === 'INBOX') return 'INBOX';
    const unsafe = [...name].some((c) => c < ' ' || c === '\x7f' || '/\\*%'.includes(c));
    if (name === '' || name.length > 200 || unsafe) return undefined;
    if (name.startsWith(delimiter) || name.endsWith(delimiter) || name.includes(delimiter + delimiter)) return undefined;
    if (name.toUpperCase().startsWith(`INBOX${delimiter}`)) return undefined; // INBOX has no children here
    return name;
  }

  private folder(name: string): string {
    return name === 'INBOX' ? this.root : path.join(this.root, `.${name}`);
  }

  async exists(name: string): Promise<boolean> {
    return new Maildir(this.folder(name)).exists();
  }

  async get(name: string): Promise<Mailbox | undefined> {
    if (!(await this.exists(name))) {
      this.open.delete(name);
      return undefined;
    }
    let mailbox = this.open.get(name);
    if (!mailbox) {
      mailbox = new Mailbox(name, new Maildir(this.folder(name)));
      this.open.set(name, mailbox);
    }
    await mailbox.sync();
    return mailbox;
  }

  /**
   * Why `count` more messages cannot go into `mailbox` (a response code and text for NO), or
   * undefined when they can.
   */
  refusal(mailbox: Mailbox, count: number): string | undefined {
    if (mailbox.messages.length + count > storeLimits.messagesPerMailbox) {
      return `[LIMIT] a mailbox holds at most ${storeLimits.messagesPerMailbox} messages here`;
    }
    let stored = 0;
    for (const open of this.open.values()) stored += open.messages.length;
    if (stored + count > storeLimits.messagesPerUser) return `[OVERQUOTA] a user holds at most ${storeLimits.messagesPerUser} messages here`;
    return undefined;
  }

  async names(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const names = entries.filter((e) => e.isDirectory() && e.name.startsWith('.') && e.name.length > 1).map((e) => e.name.slice(1));
    return ['INBOX', ...names.filter((n) => UserMailboxes.normalize(n) === n).sort()];
  }

  async create(name: string): Promise<void> {
    await new Maildir(this.folder(name)).create();
    await this.get(name);
  }

  async delete(name: string): Promise<void> {
    this.open.delete(name);
    await rm(this.folder(name), { recursive: true, force: true });
  }

  /** Renames a mailbox and every mailbox below it. */
  async rename(from: string, to: string): Promise<void> {
    const moved: string[] = [];
    for (const name of await this.names()) {
      if (name !== from && !name.startsWith(from + delimiter)) continue;
      const target = to + name.slice(from.length);
      this.open.delete(name);
      await rename(this.folder(name), this.folder(target));
      moved.push(target);
    }
    await syncDirectory(this.root);
    // Opened under the new names, so the per-user count still sees their messages.
    for (const name of moved) await this.get(name);
  }

  async hasChildren(name: string): Promise<boolean> {
    return (await this.names()).some((n) => n.startsWith(name + delimiter));
  }

  /** When the message file was delivered: IMAP's internal date. */
  static async internalDate(message: ImapMessage): Promise<Date> {
    return (await stat(message.stored.file).catch(() => undefined))?.mtime ?? new Date(message.stored.mtimeMs);
  }
}
