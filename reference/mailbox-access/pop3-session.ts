import { createHash, randomBytes } from 'node:crypto';
import type net from 'node:net';
import type { MaildirMessage } from './maildir.ts';
import type { MailUsers } from './mail-users.ts';
import type { SeededStore } from './seeded-store.ts';
import { ClientGone, LineTooLong, type SocketReader } from './socket-reader.ts';
import { writeBacklogDrained } from './write-backlog.ts';

/** What every POP3 session of one server shares: accounts, store, and the maildrop locks. */
export interface Pop3Context {
  users: MailUsers;
  store: SeededStore;
  /** Users whose maildrop a session holds in the TRANSACTION state (RFC 1939 §4: exclusive). */
  locked: Set<string>;
}

/** One message of an open maildrop: numbered from 1 in the order the maildrop listed them. */
export interface DropMessage {
  number: number;
  stored: MaildirMessage;
  /** Octets as sent on the wire, CRLF line ends (RFC 1939 §11). */
  size: number;
}

/** RFC 2449 raises RFC 1939's limit for a command line to 255 octets. */
const commandLineCap = 255;

/**
 * One POP3 session (RFC 1939): AUTHORIZATION (USER/PASS, APOP), TRANSACTION (STAT, LIST, RETR,
 * DELE, NOOP, RSET, TOP, UIDL) and UPDATE, where the marked messages are removed — only after
 * QUIT; a session that ends any other way removes nothing. Each command is a method, so a
 * planted-bug server can override exactly one behaviour.
 */
export class Pop3Session {
  protected pendingUser: string | undefined;
  protected user: string | undefined;
  protected drop: DropMessage[] = [];
  protected readonly deleted = new Set<number>();
  /** The user whose maildrop lock this session holds, if any. */
  private lockHeld: string | undefined;
  /** The APOP timestamp of this session's greeting (RFC 1939 §7): unique per greeting. */
  protected readonly timestamp = `<${process.pid}.${Date.now()}.${randomBytes(6).toString('hex')}@rfcheck.example.test>`;
  private quitting = false;

  constructor(
    protected readonly socket: net.Socket,
    protected readonly reader: SocketReader,
    protected readonly context: Pop3Context,
  ) {}

  async run(): Promise<void> {
    try {
      this.greet();
      while (!this.quitting && !this.socket.destroyed) {
        let line: string;
        try {
          line = await this.reader.readLine(commandLineCap);
        } catch (error) {
          if (error instanceof LineTooLong) {
            this.err('command line too long');
            continue;
          }
          throw error;
        }
        await this.dispatch(line);
        await writeBacklogDrained(this.socket);
      }
    } catch (error) {
      if (!(error instanceof ClientGone)) throw error;
    } finally {
      // A session that ends without QUIT never reaches UPDATE: its marks are simply forgotten.
      this.releaseLock();
    }
  }

  protected greet(): void {
    this.ok(`rfcheck POP3 reference ready ${this.timestamp}`);
  }

  protected async dispatch(line: string): Promise<void> {
    const [keyword = '', ...args] = line.split(' ');
    const command = keyword.toUpperCase();
    if (command === 'QUIT' && args.length === 0) return this.quit();
    if (command === 'CAPA' && args.length === 0) return this.capa();
    if (this.user === undefined) {
      switch (command) {
        case 'USER':
          return args.length === 1 ? this.userCommand(args[0] as string) : this.err('USER takes one argument');
        case 'PASS':
          // The password is the rest of the line: it may contain spaces.
          return args.length >= 1 ? this.pass(line.slice(5)) : this.err('PASS takes the password');
        case 'APOP':
          return args.length === 2 ? this.apop(args[0] as string, args[1] as string) : this.err('APOP takes a name and a digest');
        default:
          return this.err(this.knows(command) ? 'not allowed before login' : 'unknown command');
      }
    }
    const [first, second] = args;
    switch (command) {
      case 'STAT':
        return args.length === 0 ? this.stat() : this.err('STAT takes no argument');
      case 'LIST':
        return args.length <= 1 ? this.list(first) : this.err('LIST takes at most one argument');
      case 'UIDL':
        return args.length <= 1 ? this.uidl(first) : this.err('UIDL takes at most one argument');
      case 'RETR':
        return args.length === 1 ? this.retr(first as string) : this.err('RETR takes a message number');
      case 'DELE':
        return args.length === 1 ? this.dele(first as string) : this.err('DELE takes a message number');
      case 'TOP':
        return args.length === 2 ? this.top(first as string, second as string) : this.err('TOP takes a message number and a line count');
      case 'NOOP':
        return args.length === 0 ? this.ok('') : this.err('NOOP takes no argument');
      case 'RSET':
        return args.length === 0 ? this.rset() : this.err('RSET takes no argument');
      default:
        return this.err(this.knows(command) ? 'not allowed after login' : 'unknown command');
    }
  }

  private knows(command: string): boolean {
    return ['USER', 'PASS', 'APOP', 'STAT', 'LIST', 'UIDL', 'RETR', 'DELE', 'TOP', 'NOOP', 'RSET'].includes(command);
  }

  // --- AUTHORIZATION ----------------------------------------------------------------------

  protected userCommand(name: string): void {
    // The same answer for known and unknown names, so USER does not reveal who has a maildrop.
    this.pendingUser = name;
    this.ok('send PASS');
  }

  protected async pass(password: string): Promise<void> {
    const name = this.pendingUser;
    this.pendingUser = undefined;
    if (name === undefined) return this.err('PASS must follow USER');
    if (!this.context.users.verify(name, password)) return this.err('[AUTH] invalid user name or password');
    await this.openMaildrop(name);
  }

  protected async apop(name: string, digest: string): Promise<void> {
    this.pendingUser = undefined;
    const secret = this.context.users.secretOf(name);
    const expected = secret === undefined ? undefined : createHash('md5').update(this.timestamp + secret).digest('hex');
    if (expected === undefined || digest.toLowerCase() !== expected) return this.err('[AUTH] invalid APOP digest');
    await this.openMaildrop(name);
  }

  /** Locks and opens the maildrop, numbering its messages 1…n; none is marked deleted. */
  protected async openMaildrop(name: string): Promise<void> {
    if (this.context.locked.has(name)) return this.err('[IN-USE] the maildrop is open in another session');
    this.context.locked.add(name);
    this.lockHeld = name;
    try {
      const messages = await this.context.store.inbox(name).list();
      const drop: DropMessage[] = [];
      for (const stored of messages) {
        const bytes = await this.read(stored).catch(() => undefined);
        if (bytes) drop.push({ number: drop.length + 1, stored, size: bytes.length });
      }
      this.drop = drop;
    } catch {
      this.releaseLock();
      return this.err('[SYS/TEMP] cannot open the maildrop');
    }
    this.user = name;
    this.deleted.clear();
    this.ok(`${this.drop.length} messages`);
  }

  protected releaseLock(): void {
    if (this.lockHeld !== undefined) this.context.locked.delete(this.lockHeld);
    this.lockHeld = undefined;
  }

  // --- TRANSACTION ------------------------------------------------------------------------

  /** The message a number argument names, unless the number is malformed, absent or deleted. */
  protected message(argument: string): DropMessage | undefined {
    if (!/^[1-9][0-9]{0,9}$/.test(argument)) return undefined;
    const found = this.drop[Number(argument) - 1];
    return found && !this.deleted.has(found.number) ? found : undefined;
  }

  protected live(): DropMessage[] {
    return this.drop.filter((m) => !this.deleted.has(m.number));
  }

  protected stat(): void {
    const live = this.live();
    this.ok(`${live.length} ${live.reduce((sum, m) => sum + m.size, 0)}`);
  }

  protected list(argument: string | undefined): void {
    if (argument !== undefined) {
      const found = this.message(argument);
      return found ? this.ok(`${found.number} ${found.size}`) : this.err('no such message');
    }
    const live = this.live();
    this.multiline(`${live.length} messages`, Buffer.from(live.map((m) => `${m.number} ${m.size}\r\n`).join(''), 'latin1'));
  }

  protected uidl(argument: string | undefined): void {
    if (argument !== undefined) {
      const found = this.message(argument);
      return found ? this.ok(`${found.number} ${found.stored.key}`) : this.err('no such message');
    }
    this.multiline('unique-id listing follows', Buffer.from(this.live().map((m) => `${m.number} ${m.stored.key}\r\n`).join(''), 'latin1'));
  }

  protected async retr(argument: string): Promise<void> {
    const found = this.message(argument);
    if (!found) return this.err('no such message');
    const bytes = await this.read(found.stored).catch(() => undefined);
    if (!bytes) return this.err('[SYS/TEMP] the message is no longer available');
    this.multiline(`${found.size} octets`, bytes);
  }

  protected async top(argument: string, linesArgument: string): Promise<void> {
    const found = this.message(argument);
    if (!found) return this.err('no such message');
    if (!/^[0-9]{1,9}$/.test(linesArgument)) return this.err('the line count must be a non-negative number');
    const bytes = await this.read(found.stored).catch(() => undefined);
    if (!bytes) return this.err('[SYS/TEMP] the message is no longer available');
    this.multiline('top of message follows', headerAndBodyLines(bytes, Number(linesArgument)));
  }

  protected dele(argument: string): void {
    const found = this.message(argument);
    if (!found) return this.err('no such message');
    this.deleted.add(found.number);
    this.ok(`message ${found.number} deleted`);
  }

  protected rset(): void {
    this.deleted.clear();
    this.ok(`${this.drop.length} messages`);
  }

  protected read(message: MaildirMessage): Promise<Buffer> {
    return this.context.store.inbox(this.user ?? '').read(message);
  }

  // --- UPDATE -----------------------------------------------------------------------------

  protected async quit(): Promise<void> {
    this.quitting = true;
    if (this.user === undefined) {
      this.ok('bye');
      this.socket.end();
      return;
    }
    const failed = await this.update();
    this.releaseLock();
    if (failed > 0) this.err(`${failed} message(s) could not be removed`);
    else this.ok('bye');
    this.socket.end();
  }

  /** Removes the marked messages and syncs the folder; returns how many could not be removed. */
  protected async update(): Promise<number> {
    const maildir = this.context.store.inbox(this.user ?? '');
    let failed = 0;
    for (const message of this.drop.filter((m) => this.deleted.has(m.number))) {
      await maildir.remove(message.stored).catch(() => failed++);
    }
    await maildir.sync().catch(() => failed++);
    return failed;
  }

  protected capa(): void {
    this.multiline('capability list follows', Buffer.from('TOP\r\nUSER\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nIMPLEMENTATION rfcheck-reference\r\n'));
  }

  // --- responses --------------------------------------------------------------------------

  protected ok(text: string): void {
    this.send(text ? `+OK ${text}\r\n` : '+OK\r\n');
  }

  protected err(text: string): void {
    this.send(`-ERR ${text}\r\n`);
  }

  /** A multi-line response: status line, the body byte-stuffed, then the lone "." line. */
  protected multiline(status: string, body: Buffer): void {
    this.ok(status);
    this.socket.write(byteStuff(body));
    this.send('.\r\n');
  }

  protected send(text: string): void {
    if (!this.socket.destroyed) this.socket.write(text, 'latin1');
  }
}

/** Doubles the "." that starts a line, and ends the body with CRLF if it does not already. */
export function byteStuff(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  while (start < body.length) {
    const lf = body.indexOf(0x0a, start);
    const end = lf < 0 ? body.length : lf + 1;
    if (body[start] === 0x2e) parts.push(Buffer.from('.'));
    parts.push(body.subarray(start, end));
    start = end;
  }
  if (body.length > 0 && !(body.length >= 2 && body[body.length - 2] === 0x0d && body[body.length - 1] === 0x0a)) parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

/** The header, the blank line, and the first `count` lines of the body (RFC 1939 §7 TOP). */
export function headerAndBodyLines(message: Buffer, count: number): Buffer {
  const blank = message.indexOf('\r\n\r\n');
  if (blank < 0) return message;
  let end = blank + 4;
  for (let i = 0; i < count && end < message.length; i++) {
    const lf = message.indexOf(0x0a, end);
    end = lf < 0 ? message.length : lf + 1;
  }
  return message.subarray(0, end);
}
