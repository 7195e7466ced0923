import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { factLine, listLine } from '../listing-format.ts';
import { PathRefused } from '../rooted-paths.ts';
import type { Session } from '../session.ts';
import { sendText } from '../transfer-streams.ts';
import { type CommandTable, afterLogin } from './command-handler.ts';

/**
 * RFC 959 §4.1.3 LIST and NLST, RFC 3659 §7 MLSD and MLST. Listings travel over the data
 * connection as lines ending in CRLF; a missing path is refused (550) before any connection.
 */

interface Entry {
  name: string;
  stats: Stats;
}

/** The entries of a folder that a client may reach; links leaving the root are left out. */
async function entriesOf(session: Session, virtual: string): Promise<Entry[]> {
  const local = await session.paths.existing(virtual);
  const names = (await readdir(local)).sort();
  const entries: Entry[] = [];
  for (const name of names) {
    const child = path.posix.join(virtual, name);
    try {
      entries.push({ name, stats: await stat(await session.paths.existing(child)) });
    } catch (error) {
      if (!(error instanceof PathRefused) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return entries;
}

/** Resolves a listing argument, skipping `ls`-style options such as "-la" that clients send. */
function listingTarget(session: Session, argument: string): string {
  const words = argument.trim().split(/\s+/);
  while (words[0]?.startsWith('-')) words.shift();
  return session.paths.resolve(session.cwd, words.join(' '));
}

async function describe(session: Session, virtual: string): Promise<{ stats: Stats; entries: Entry[] }> {
  const stats = await stat(await session.paths.existing(virtual));
  const entries = stats.isDirectory() ? await entriesOf(session, virtual) : [{ name: path.posix.basename(virtual), stats }];
  return { stats, entries };
}

const crlfLines = (lines: string[]): string => lines.map((line) => `${line}\r\n`).join('');

export const listingCommands: CommandTable = {
  LIST: afterLogin(async (session, argument) => {
    const virtual = listingTarget(session, argument);
    const { entries } = await describe(session, virtual);
    const text = crlfLines(entries.map((e) => listLine(e.name, e.stats)));
    await session.transfer('the listing', (socket, signal) => sendText(socket, text, signal));
  }),
  NLST: afterLogin(async (session, argument) => {
    const virtual = listingTarget(session, argument);
    const { stats, entries } = await describe(session, virtual);
    const names = stats.isDirectory() ? entries.map((e) => e.name) : [argument.trim()];
    await session.transfer('the name list', (socket, signal) => sendText(socket, crlfLines(names), signal));
  }),
  MLSD: afterLogin(async (session, argument) => {
    const virtual = session.paths.resolve(session.cwd, argument);
    const { stats, entries } = await describe(session, virtual);
    if (!stats.isDirectory()) {
      session.reply(501, 'MLSD needs a directory; use MLST for a file.');
      return;
    }
    const writable = session.account?.writable ?? false;
    const text = crlfLines(entries.map((e) => factLine(e.name, e.stats, writable)));
    await session.transfer('the machine listing', (socket, signal) => sendText(socket, text, signal));
  }),
  MLST: afterLogin(async (session, argument) => {
    const virtual = session.paths.resolve(session.cwd, argument);
    const stats = await stat(await session.paths.existing(virtual));
    session.reply(250, ['Listing follows', factLine(virtual, stats, session.account?.writable ?? false), 'End']);
  }),
};
