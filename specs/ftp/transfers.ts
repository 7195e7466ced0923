import { expectThat, violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';
import { FtpControl, type Reply, describeReply, isCompletion, isPreliminary } from './control-connection.ts';
import { enterPassiveMode } from './passive-mode.ts';

/**
 * One transfer command over a passive data connection: connect, send the command, read its
 * preliminary reply (1yz), move the bytes, read the final reply. A refusal instead of 1yz ends
 * the transfer with that reply. The helpers accept any 1yz and 2yz; the rules of §5.4 judge the
 * exact codes.
 */

/** The most bytes one listing or file the harness reads may have. */
export const dataCap = 4 * 1024 * 1024;

export interface Transfer {
  opening: Reply | undefined;
  final: Reply;
  data: Buffer;
}

const verbOf = (command: string): string => command.split(' ')[0] ?? command;

/** Runs RETR, LIST, NLST or MLSD and returns the bytes that came over the data connection. */
export async function download(control: FtpControl, command: string, endpoint?: Endpoint): Promise<Transfer> {
  const data = await control.io.tcp(endpoint ?? (await enterPassiveMode(control)));
  const opening = await control.command(command);
  if (!isPreliminary(opening)) {
    data.close();
    return { opening: undefined, final: opening, data: Buffer.alloc(0) };
  }
  const bytes = await data.readToEnd(`the data of ${verbOf(command)} until the server closes the data connection`, { maxBytes: dataCap });
  const final = await control.reply(`the final reply to ${verbOf(command)}`);
  return { opening, final, data: bytes };
}

/** Runs STOR or APPE with `bytes`; the harness closes the data connection to mark the end. */
export async function upload(control: FtpControl, command: string, bytes: Uint8Array): Promise<Transfer> {
  const data = await control.io.tcp(await enterPassiveMode(control));
  const opening = await control.command(command);
  if (!isPreliminary(opening)) {
    data.close();
    return { opening: undefined, final: opening, data: Buffer.alloc(0) };
  }
  await data.write(bytes);
  data.endWrite();
  const final = await control.reply(`the final reply to ${verbOf(command)}`);
  data.close();
  return { opening, final, data: Buffer.alloc(0) };
}

/** Requires a transfer to have succeeded (any 1yz, then any 2yz). */
export function expectTransferDone(command: string, transfer: Transfer): void {
  if (!transfer.opening) violation(`${command} was refused: ${describeReply(transfer.final)}`, '1yz then 2yz', describeReply(transfer.final));
  expectThat(isCompletion(transfer.final), `${command} did not complete: ${describeReply(transfer.final)}`, '226 or 250', describeReply(transfer.final));
}

/** Stores `bytes` as `name` in TYPE I. */
export async function put(control: FtpControl, name: string, bytes: Uint8Array, verb = 'STOR'): Promise<void> {
  await control.succeed('TYPE I');
  const transfer = await upload(control, `${verb} ${name}`, bytes);
  expectTransferDone(`${verb} ${name}`, transfer);
}

/** Retrieves `name` in TYPE I. */
export async function get(control: FtpControl, name: string): Promise<Buffer> {
  await control.succeed('TYPE I');
  const transfer = await download(control, `RETR ${name}`);
  expectTransferDone(`RETR ${name}`, transfer);
  return transfer.data;
}

/** The lines of a listing, without line ends and empty lines. */
export function listingLines(data: Buffer): string[] {
  return data.toString('utf8').split(/\r?\n/).filter((line) => line.length > 0);
}

/** NLST of the working directory (or `path`), as bare names (a server may prefix the path). */
export async function names(control: FtpControl, path?: string): Promise<string[]> {
  const command = path ? `NLST ${path}` : 'NLST';
  const transfer = await download(control, command);
  // An empty directory may be answered 450/550 ("no files found") by some servers.
  if (!transfer.opening && (transfer.final.code === 450 || transfer.final.code === 550)) return [];
  expectTransferDone(command, transfer);
  return listingLines(transfer.data).map((line) => line.slice(line.lastIndexOf('/') + 1));
}

let scratchCount = 0;

/**
 * Creates a fresh directory under the login directory, enters it and returns its name. When
 * the run passes, the directory and all the run put in it are removed (RunIO.afterPass).
 */
export async function enterScratchDirectory(control: FtpControl): Promise<string> {
  scratchCount += 1;
  const name = `rfcheck-${process.pid}-${Date.now().toString(36)}-${scratchCount}`;
  const made = await control.command(`MKD ${name}`);
  expectThat(isCompletion(made), `MKD ${name} failed: ${describeReply(made)}`, '257', describeReply(made));
  const io = control.io;
  io.afterPass(`the scratch directory ${name}`, async () => removeTree(await FtpControl.loggedIn(io), name, scratchDepth));
  await control.succeed(`CWD ${name}`);
  return name;
}

/** How deep below a scratch directory the rules make directories, with room to spare. */
const scratchDepth = 4;

/**
 * Removes `path` (relative to the login directory) and everything in it: each entry NLST names
 * is deleted with DELE, or, if DELE refuses it, removed as a directory; then RMD. A step that
 * fails throws, and the caller leaves the rest where it is.
 */
async function removeTree(control: FtpControl, path: string, depth: number): Promise<void> {
  for (const entry of await names(control, path)) {
    if (entry === '.' || entry === '..') continue;
    const child = `${path}/${entry}`;
    if (isCompletion(await control.command(`DELE ${child}`))) continue;
    if (depth <= 0) throw new Error(`${child} is nested deeper than the rules make directories`);
    await removeTree(control, child, depth - 1);
  }
  await control.succeed(`RMD ${path}`);
}

/** A logged-in control connection whose working directory is a fresh scratch directory. */
export async function scratchSession(io: RunIO): Promise<FtpControl> {
  const control = await FtpControl.loggedIn(io);
  await enterScratchDirectory(control);
  return control;
}
