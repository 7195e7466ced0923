import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { factLine, listLine } from '../listing-format.ts';
import { PathRefused } from '../rooted-paths.ts';
import type { Session } from '../session.ts';
import { type CommandTable, afterLogin } from './command-handler.ts';

/**
 * RFC 959 §4.1.3 LIST and NLST, RFC 3659 §7 MLSD and MLST. Listings travel over the data
 * connection as lines ending in CRLF; a missing path is refused (550) before any connection.
 *
 * A folder is read only once its data connection is open, and its entries are looked up and
 * sent a batch at a time: a listing holds the folder's names and one batch of entries, and a
 * client that never opens the data connection costs no lookup at all. (Reading every entry
 * first made each listing hold a Stats object per entry until the client connected; with a
 * home that a fuzzer fills with thousands of folders, that grew the server without bound.)
 */

/** Entries looked up and written per step of a listing. */
export const listingBatchEntries = 64;

/** The line an entry gets in one kind of listing. */
type LineOf = (name: string, stats: Stats) => string;

/** What a listing command names: a folder to read later, or one file already described. */
type ListingTarget = { directory: true; virtual: string } | { directory: false; line: string };

/** Resolves a listing argument, skipping `ls`-style options such as "-la" that clients send. */
function listingPath(session: Session, argument: string): string {
  const words = argument.trim().split(/\s+/);
  while (words[0]?.startsWith('-')) words.shift();
  return session.paths.resolve(session.cwd, words.join(' '));
}

/** Checks that `virtual` exists inside the root (550 otherwise); a file's one line is made now. */
async function listingTarget(session: Session, virtual: string, fileLine: LineOf): Promise<ListingTarget> {
  const stats = await stat(await session.paths.existing(virtual));
  return stats.isDirectory() ? { directory: true, virtual } : { directory: false, line: fileLine(path.posix.basename(virtual), stats) };
}

/** The listing's bytes, a batch of entries at a time; links leaving the root are left out. */
async function* listingChunks(session: Session, target: ListingTarget, lineOf: LineOf): AsyncGenerator<Buffer> {
  if (!target.directory) {
    yield Buffer.from(`${target.line}\r\n`, 'utf8');
    return;
  }
  const names = (await readdir(await session.paths.existing(target.virtual))).sort();
  for (let first = 0; first < names.length; first += listingBatchEntries) {
    let text = '';
    for (const name of names.slice(first, first + listingBatchEntries)) {
      try {
        const stats = await stat(await session.paths.existing(path.posix.join(target.virtual, name)));
        text += `${lineOf(name, stats)}\r\n`;
      } catch (error) {
        if (!(error instanceof PathRefused) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    if (text) yield Buffer.from(text, 'utf8');
  }
}

async function sendListing(session: Session, what: string, target: ListingTarget, lineOf: LineOf): Promise<void> {
  // Through a Readable, not the bare generator: a data peer that resets the connection while a
  // batch is being looked up must end the transfer (426), and pipeline() from an async generator
  // into a socket already destroyed can wait for a 'drain' that never comes.
  await session.transfer(what, (socket, signal) => pipeline(Readable.from(listingChunks(session, target, lineOf)), socket, { signal }));
}

export const listingCommands: CommandTable = {
  LIST: afterLogin(async (session, argument) => {
    const line: LineOf = (name, stats) => listLine(name, stats);
    await sendListing(session, 'the listing', await listingTarget(session, listingPath(session, argument), line), line);
  }),
  NLST: afterLogin(async (session, argument) => {
    const target = await listingTarget(session, listingPath(session, argument), () => argument.trim());
    await sendListing(session, 'the name list', target, (name) => name);
  }),
  MLSD: afterLogin(async (session, argument) => {
    const writable = session.account?.writable ?? false;
    const line: LineOf = (name, stats) => factLine(name, stats, writable);
    const target = await listingTarget(session, session.paths.resolve(session.cwd, argument), line);
    if (!target.directory) {
      session.reply(501, 'MLSD needs a directory; use MLST for a file.');
      return;
    }
    await sendListing(session, 'the machine listing', target, line);
  }),
  MLST: afterLogin(async (session, argument) => {
    const virtual = session.paths.resolve(session.cwd, argument);
    const stats = await stat(await session.paths.existing(virtual));
    session.reply(250, ['Listing follows', factLine(virtual, stats, session.account?.writable ?? false), 'End']);
  }),
};
