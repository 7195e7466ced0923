import type net from 'node:net';
import type { Account, AccountBook } from './accounts.ts';
import type { CommandTable } from './commands/command-handler.ts';
import { ControlChannel } from './control-channel.ts';
import { DataConnectionFailed, type DataConnectionSource, plainAddress } from './data-connection.ts';
import { PathRefused, RootedPaths } from './rooted-paths.ts';
import type { StorageQuota } from './storage-quota.ts';
import { UploadTooLarge } from './transfer-streams.ts';

/** Deadlines and caps of one server; the tests shorten some of them. */
export interface ServerLimits {
  /** A control connection silent this long is closed with 421. */
  idleTimeoutMs: number;
  /** How long a PASV/EPSV listener waits for the client, and a PORT/EPRT connect may take. */
  dataConnectTimeoutMs: number;
  /** A data connection that moves no byte this long is aborted with 426. */
  dataIdleTimeoutMs: number;
  maxUploadBytes: number;
  /** What one account's root may hold at most (storage-quota.ts): entries and bytes. */
  maxAccountEntries: number;
  maxAccountBytes: number;
  /** Failed logins on one connection before it is closed. */
  maxLoginFailures: number;
  /** Commands queued behind a running one before the client counts as flooding. */
  maxQueuedCommands: number;
}

export const defaultServerLimits: ServerLimits = {
  idleTimeoutMs: 300_000,
  dataConnectTimeoutMs: 10_000,
  dataIdleTimeoutMs: 30_000,
  maxUploadBytes: 64 * 1024 * 1024,
  maxAccountEntries: 50_000,
  maxAccountBytes: 1024 * 1024 * 1024,
  maxLoginFailures: 5,
  maxQueuedCommands: 64,
};

/**
 * Where PORT and EPRT may send data connections. The reference refuses other hosts than the
 * client and ports below 1024 (RFC 2577 §3); a site that wants server-to-server transfers
 * could relax this.
 */
export interface DataPortPolicy {
  foreignAddresses: boolean;
  privilegedPorts: boolean;
}

export const rfc2577DataPortPolicy: DataPortPolicy = { foreignAddresses: false, privilegedPorts: false };

/** What all sessions of one server share. */
export interface ServerContext {
  accounts: AccountBook;
  /** The local folder that is `account`'s root. */
  rootOf(account: Account): string;
  /** The tally of what `account`'s root holds (shared by the accounts of one home). */
  quotaOf(account: Account): StorageQuota;
  limits: ServerLimits;
  dataPorts: DataPortPolicy;
  commands: CommandTable;
  /** Local paths being written right now; other sessions get 450 for them. */
  busyFiles: Set<string>;
}

/**
 * One client's control connection and its state: login, working directory, transfer
 * parameters, the pending RNFR and REST, and the data connection set up for the next transfer.
 * Commands run one at a time in arrival order; ABOR also interrupts the running transfer.
 */
export class Session {
  readonly control: ControlChannel;
  account: Account | undefined;
  pendingUser: string | undefined;
  loginFailures = 0;
  cwd = '/';
  type: 'A' | 'I' = 'A';
  restOffset = 0;
  renameFrom: string | undefined;
  epsvAll = false;
  /** Set when ABOR interrupted a transfer, so the ABOR itself is answered 226 rather than 225. */
  abortedByAbor = false;
  private rooted: RootedPaths | undefined;
  private dataSource: DataConnectionSource | undefined;
  private readonly dataSockets = new Set<net.Socket>();
  private transferAbort: AbortController | undefined;
  private readonly queue: string[] = [];
  private draining = false;
  private ended = false;

  constructor(
    readonly socket: net.Socket,
    readonly server: ServerContext,
  ) {
    this.control = new ControlChannel(socket, (line) => this.onLine(line), () => this.reply(500, 'Command line too long.'));
    socket.setTimeout(server.limits.idleTimeoutMs, () => this.control.replyAndClose(421, 'Idle timeout; closing control connection.'));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.end());
    // Replies are small and often follow each other (150 then 226): Nagle would hold the second
    // until the client's delayed ACK.
    socket.setNoDelay(true);
    this.reply(220, 'rfcheck reference FTP server ready.');
  }

  get clientAddress(): string {
    return plainAddress(this.socket.remoteAddress);
  }

  get localAddress(): string {
    return plainAddress(this.socket.localAddress);
  }

  reply(code: number, text: string | string[]): void {
    this.control.reply(code, text);
  }

  /** The root-confined paths of the logged-in account. */
  get paths(): RootedPaths {
    if (!this.rooted) throw new Error('no account is logged in');
    return this.rooted;
  }

  /** The storage tally of the logged-in account's root. */
  get quota(): StorageQuota {
    if (!this.account) throw new Error('no account is logged in');
    return this.server.quotaOf(this.account);
  }

  async logIn(account: Account): Promise<void> {
    this.rooted = await RootedPaths.at(this.server.rootOf(account));
    this.account = account;
    this.cwd = '/';
  }

  logOut(): void {
    this.account = undefined;
    this.rooted = undefined;
    this.renameFrom = undefined;
    this.restOffset = 0;
  }

  /** Replaces the data connection prepared for the next transfer. */
  prepareData(source: DataConnectionSource): void {
    this.dataSource?.close();
    // A PASV that finished setting up after the client left must not outlive the session.
    if (this.ended) source.close();
    else this.dataSource = source;
  }

  /**
   * Runs one transfer over the prepared data connection: 150, then the connection, then 226
   * once `move` has finished, or 425 / 426 / 451 / 552 as the failure says.
   */
  async transfer(what: string, move: (socket: net.Socket, signal: AbortSignal) => Promise<void>): Promise<void> {
    // The source stays in this.dataSource while it opens, so that end() can release it.
    const source = this.dataSource;
    this.restOffset = 0;
    if (!source) {
      this.reply(425, 'Use PORT, PASV, EPRT or EPSV first.');
      return;
    }
    this.reply(150, `Opening ${this.type === 'A' ? 'ASCII' : 'BINARY'} mode data connection for ${what}.`);
    let socket: net.Socket;
    try {
      socket = await source.open();
    } catch (error) {
      source.close();
      this.reply(425, `Cannot open data connection: ${error instanceof DataConnectionFailed ? error.message : 'failed'}.`);
      return;
    } finally {
      this.dataSource = undefined;
    }
    this.dataSockets.add(socket);
    const abort = new AbortController();
    this.transferAbort = abort;
    socket.setTimeout(this.server.limits.dataIdleTimeoutMs, () => abort.abort());
    // The control connection stays quiet during a long transfer; that is not idleness.
    this.socket.setTimeout(0);
    try {
      await move(socket, abort.signal);
      this.reply(226, 'Transfer complete; closing data connection.');
    } catch (error) {
      if (error instanceof UploadTooLarge) this.reply(552, `Transfer aborted: ${error.message}.`);
      else if (abort.signal.aborted || !isLocalFileError(error)) this.reply(426, 'Connection closed; transfer aborted.');
      else this.reply(451, 'Requested action aborted: local error in processing.');
    } finally {
      socket.destroy();
      this.dataSockets.delete(socket);
      this.transferAbort = undefined;
      this.socket.setTimeout(this.server.limits.idleTimeoutMs);
    }
  }

  /** Stops the running transfer (ABOR); false when none runs. */
  abortTransfer(): boolean {
    if (!this.transferAbort) return false;
    this.transferAbort.abort();
    return true;
  }

  /** Releases everything this session holds. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.transferAbort?.abort();
    this.dataSource?.close();
    for (const socket of this.dataSockets) socket.destroy();
    this.socket.destroy();
  }

  private onLine(line: string): void {
    if (/^\s*ABOR\s*$/i.test(line) && this.abortTransfer()) this.abortedByAbor = true;
    if (this.queue.length >= this.server.limits.maxQueuedCommands) {
      this.control.replyAndClose(421, 'Too many commands queued; closing control connection.');
      return;
    }
    this.queue.push(line);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (!this.ended) {
      const line = this.queue.shift();
      if (line === undefined) break;
      await this.execute(line);
    }
    this.draining = false;
  }

  private async execute(line: string): Promise<void> {
    const match = /^\s*(\S+)(?: (.*))?$/.exec(line);
    if (!match) {
      this.reply(500, 'Empty command.');
      return;
    }
    const verb = (match[1] as string).toUpperCase();
    const argument = match[2] ?? '';
    // RNFR holds only for the command right after it (RFC 959 §4.1.3).
    if (verb !== 'RNTO' && verb !== 'RNFR') this.renameFrom = undefined;
    const handler = this.server.commands[verb];
    if (!handler) {
      this.reply(500, `'${verb.slice(0, 16)}': command not understood.`);
      return;
    }
    if (handler.needsLogin && !this.account) {
      this.reply(530, 'Please log in with USER and PASS first.');
      return;
    }
    try {
      await handler.run(this, argument);
    } catch (error) {
      if (error instanceof PathRefused) this.reply(error.code, error.message);
      else this.reply(...fileErrorReply(error));
    }
  }
}

function isLocalFileError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E(NOENT|ACCES|PERM|NOSPC|ISDIR|NOTDIR|IO|ROFS|DQUOT|MFILE|NFILE)$/.test(code);
}

/** The reply for a failed file-system call. */
export function fileErrorReply(error: unknown): [number, string] {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'ENOENT':
      return [550, 'No such file or directory.'];
    case 'EACCES':
    case 'EPERM':
      return [550, 'Permission denied.'];
    case 'EEXIST':
      return [550, 'Already exists.'];
    case 'ENOTEMPTY':
      return [550, 'Directory not empty.'];
    case 'EISDIR':
      return [550, 'Is a directory.'];
    case 'ENOTDIR':
      return [550, 'Not a directory.'];
    case 'ENOSPC':
    case 'EDQUOT':
      return [452, 'Insufficient storage space.'];
    default:
      return [451, 'Requested action aborted: local error in processing.'];
  }
}
