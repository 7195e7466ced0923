import { mkdir, open, rename, rmdir, stat, unlink } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { toNetworkAscii } from '../ascii-conversion.ts';
import { timeVal } from '../listing-format.ts';
import type { Session } from '../session.ts';
import { absent, tallyOf } from '../storage-quota.ts';
import { type ReceiveFile, receiveFile, sendFile } from '../transfer-streams.ts';
import { type CommandTable, afterLogin } from './command-handler.ts';
import { quotedPath } from './quoted-path.ts';

/**
 * RFC 959 §4.1.3 file commands (RETR, STOR, APPE, DELE, RNFR/RNTO, MKD, RMD, REST) and
 * RFC 3659's SIZE, MDTM and stream-mode REST. Writes need a writable account, and a file being
 * uploaded is busy (450) for every other command until its upload ends.
 */

function mayWrite(session: Session): boolean {
  if (session.account?.writable) return true;
  session.reply(550, 'Permission denied: this account is read-only.');
  return false;
}

function isBusy(session: Session, local: string): boolean {
  if (!session.server.busyFiles.has(local)) return false;
  session.reply(450, 'File busy: it is being uploaded.');
  return true;
}

async function regularFile(session: Session, argument: string): Promise<{ local: string; stats: Stats } | undefined> {
  if (!argument) {
    session.reply(501, 'A file name is required.');
    return undefined;
  }
  const local = await session.paths.existing(session.paths.resolve(session.cwd, argument));
  const stats = await stat(local);
  if (!stats.isFile()) {
    session.reply(550, 'Not a plain file.');
    return undefined;
  }
  return { local, stats };
}

async function store(session: Session, argument: string, append: boolean): Promise<void> {
  if (!argument) {
    session.reply(501, 'A file name is required.');
    return;
  }
  if (!mayWrite(session)) return;
  const virtual = session.paths.resolve(session.cwd, argument);
  const local = await session.paths.creatable(virtual);
  if (isBusy(session, local)) return;
  // Busy from here on, so that two uploads of one name never both count it as new.
  session.server.busyFiles.add(local);
  try {
    await storeInto(session, virtual, local, append);
  } finally {
    session.server.busyFiles.delete(local);
  }
}

async function storeInto(session: Session, virtual: string, local: string, append: boolean): Promise<void> {
  const existing = await stat(local).catch(() => undefined);
  if (existing?.isDirectory()) {
    session.reply(553, 'A directory has that name.');
    return;
  }
  const quota = session.quota;
  const before = await tallyOf(local, true);
  if (!before.exists && !quota.hasRoomForEntry()) {
    session.reply(452, `Insufficient storage space: this account holds its quota of ${quota.maxEntries} entries.`);
    return;
  }
  const offset = session.restOffset;
  const flags = append ? 'a' : offset > 0 && existing ? 'r+' : 'w';
  // Writing after REST past the end grows the file by the gap as well.
  const gap = flags === 'r+' ? Math.max(0, offset - before.bytes) : 0;
  const reserved = quota.reserveUpload(gap + session.server.limits.maxUploadBytes);
  if (reserved <= gap) {
    quota.settleUpload(reserved, before, before);
    session.reply(452, `Insufficient storage space: this account holds its quota of ${quota.maxBytes} bytes.`);
    return;
  }
  const file: ReceiveFile = { local, flags, start: offset, ascii: session.type === 'A', capBytes: reserved - gap };
  try {
    await session.transfer(virtual, (socket, signal) => receiveFile(socket, file, signal));
  } finally {
    quota.settleUpload(reserved, before, await tallyOf(local, true));
  }
}

/** The bytes RETR would send in the current TYPE (RFC 3659 §4: SIZE counts those). */
async function transferSize(session: Session, local: string, stats: Stats): Promise<number> {
  if (session.type === 'I') return stats.size;
  let count = 0;
  const counter = new Writable({
    write(chunk: Buffer, _encoding, done) {
      count += chunk.length;
      done();
    },
  });
  await pipeline(createReadStream(local), toNetworkAscii(), counter);
  return count;
}

const makeDirectory = afterLogin(async (session, argument) => {
  if (!argument) {
    session.reply(501, 'A directory name is required.');
    return;
  }
  if (!mayWrite(session)) return;
  const virtual = session.paths.resolve(session.cwd, argument);
  const local = await session.paths.creatable(virtual);
  // RFC 959 §5.4 lists no 452 for MKD: a full quota is answered 550 (action not taken).
  if (!session.quota.hasRoomForEntry()) {
    session.reply(550, `Storage quota reached: this account holds its quota of ${session.quota.maxEntries} entries.`);
    return;
  }
  await mkdir(local);
  session.quota.changed(absent, { exists: true, bytes: 0 });
  session.reply(257, `${quotedPath(virtual)} created.`);
});

const removeDirectory = afterLogin(async (session, argument) => {
  if (!argument) {
    session.reply(501, 'A directory name is required.');
    return;
  }
  if (!mayWrite(session)) return;
  const virtual = session.paths.resolve(session.cwd, argument);
  if (virtual === '/') {
    session.reply(550, 'The root cannot be removed.');
    return;
  }
  await rmdir(await session.paths.existing(virtual));
  session.quota.changed({ exists: true, bytes: 0 }, absent);
  session.reply(250, 'Directory removed.');
});

export const fileCommands: CommandTable = {
  RETR: afterLogin(async (session, argument) => {
    const file = await regularFile(session, argument);
    if (!file || isBusy(session, file.local)) return;
    const start = Math.min(session.restOffset, file.stats.size);
    // Opening now turns a permission problem into 550 before any data connection is made.
    await (await open(file.local, 'r')).close();
    await session.transfer(argument, (socket, signal) => sendFile(socket, { local: file.local, start, ascii: session.type === 'A' }, signal));
  }),
  STOR: afterLogin((session, argument) => store(session, argument, false)),
  APPE: afterLogin((session, argument) => store(session, argument, true)),
  STOU: afterLogin((session) => session.reply(502, 'STOU is not supported by this server.')),
  ALLO: afterLogin((session) => session.reply(202, 'No storage allocation needed.')),
  REST: afterLogin((session, argument) => {
    if (!/^\d{1,15}$/.test(argument.trim())) {
      session.reply(501, 'REST takes a byte count.');
      return;
    }
    session.restOffset = Number(argument.trim());
    session.reply(350, `Restarting at ${session.restOffset}; send a transfer command.`);
  }),
  DELE: afterLogin(async (session, argument) => {
    if (!mayWrite(session)) return;
    const file = await regularFile(session, argument);
    if (!file || isBusy(session, file.local)) return;
    const gone = await tallyOf(file.local);
    await unlink(file.local);
    session.quota.changed(gone, absent);
    session.reply(250, 'File deleted.');
  }),
  RNFR: afterLogin(async (session, argument) => {
    session.renameFrom = undefined;
    if (!argument) {
      session.reply(501, 'RNFR needs a name.');
      return;
    }
    if (!mayWrite(session)) return;
    const virtual = session.paths.resolve(session.cwd, argument);
    if (virtual === '/' || isBusy(session, await session.paths.existing(virtual))) {
      if (virtual === '/') session.reply(550, 'The root cannot be renamed.');
      return;
    }
    session.renameFrom = virtual;
    session.reply(350, 'Ready for RNTO.');
  }),
  RNTO: afterLogin(async (session, argument) => {
    const from = session.renameFrom;
    session.renameFrom = undefined;
    if (from === undefined) {
      session.reply(503, 'Send RNFR first.');
      return;
    }
    if (!argument) {
      session.reply(501, 'RNTO needs a name.');
      return;
    }
    const to = session.paths.resolve(session.cwd, argument);
    if (to === from || to.startsWith(`${from}/`)) {
      session.reply(553, 'A directory cannot move into itself.');
      return;
    }
    const target = await session.paths.creatable(to);
    const existing = await stat(target).catch(() => undefined);
    if (existing?.isDirectory()) {
      session.reply(553, 'A directory has that name.');
      return;
    }
    const replaced = await tallyOf(target);
    await rename(await session.paths.existing(from), target);
    session.quota.changed(replaced, absent);
    session.reply(250, 'Rename successful.');
  }),
  MKD: makeDirectory,
  XMKD: makeDirectory,
  RMD: removeDirectory,
  XRMD: removeDirectory,
  SIZE: afterLogin(async (session, argument) => {
    const file = await regularFile(session, argument);
    if (file) session.reply(213, String(await transferSize(session, file.local, file.stats)));
  }),
  MDTM: afterLogin(async (session, argument) => {
    const file = await regularFile(session, argument);
    if (file) session.reply(213, timeVal(file.stats.mtime));
  }),
};
