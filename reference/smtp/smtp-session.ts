import { randomBytes } from 'node:crypto';
import type net from 'node:net';
import { type PathArgument, isDomainOrLiteral, parseCommandLine, parsePathArgument } from './command-syntax.ts';
import { deliverToMaildir } from './maildir.ts';
import { traceFields } from './trace-fields.ts';
import type { UserDirectory } from './user-directory.ts';

/** One SMTP reply: a code and its text lines (several lines make a multiline reply, §4.2.1). */
export interface Reply {
  code: number;
  lines: string[];
}

export interface SessionSettings {
  directory: UserDirectory;
  storeRoot: string;
  /** The name this server gives in its greeting and EHLO reply. */
  serverName: string;
  maxMessageBytes: number;
  maxRecipients: number;
  idleTimeoutMs: number;
}

/** The longest command line read before answering 500: far above the 512 octets of §4.5.3.1.4. */
const commandLineCap = 4096;
/** Pipelined input beyond this pauses the socket until the session catches up. */
const inputHighWater = 1 << 20;
const crlf = Buffer.from('\r\n');

/**
 * One SMTP connection (RFC 5321, with SIZE, 8BITMIME and PIPELINING). Input is framed into
 * command lines or, after a 354, into message lines; commands are handled one at a time in
 * arrival order, so pipelined commands get their replies in order (RFC 2920) and no input is
 * lost while a delivery is being written to disk.
 *
 * Each command has its own protected method, and the framing and limits are protected fields:
 * fixtures/smtp/mutants subclasses this class to plant one bug per mutant, leaving this file
 * the correct behaviour only.
 */
export class SmtpSession {
  protected input: Buffer = Buffer.alloc(0);
  protected mode: 'command' | 'data' = 'command';
  protected greeted: 'no' | 'HELO' | 'EHLO' = 'no';
  protected clientName = '';
  /** The reverse-path of the open transaction ('' is the null path); undefined when none is open. */
  protected reversePath: string | undefined;
  protected recipients: { mailbox: string; user: string }[] = [];
  protected commandLineCap = commandLineCap;
  /** Message lines received so far in DATA mode, unstuffed, and their total length. */
  protected message: Buffer[] = [];
  protected messageBytes = 0;
  private messageTooLarge = false;
  private atLineStart = true;
  private discardingLongLine = false;
  private working = false;
  private closed = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    protected readonly socket: net.Socket,
    protected readonly settings: SessionSettings,
  ) {}

  start(): void {
    // Replies are small and often back to back (pipelining): send each at once, not after an ACK.
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('error', () => this.close());
    this.socket.on('close', () => this.close());
    this.touch();
    this.reply(this.greeting());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    this.socket.destroy();
  }

  // ---- replies -------------------------------------------------------------------------

  protected greeting(): Reply {
    return { code: 220, lines: [`${this.settings.serverName} ESMTP rfcheck reference ready`] };
  }

  protected formatReply({ code, lines }: Reply): string {
    return lines.map((line, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${line}\r\n`).join('');
  }

  protected reply(reply: Reply): void {
    if (this.closed || this.socket.writableEnded) return;
    this.socket.write(this.formatReply(reply));
  }

  /** Answers, then ends the connection (QUIT, idle timeout). */
  protected replyAndClose(reply: Reply): void {
    if (this.closed || this.socket.writableEnded) return;
    this.socket.end(this.formatReply(reply));
    this.closed = true;
    clearTimeout(this.idleTimer);
    // A client that never closes its side must not keep the socket forever.
    setTimeout(() => this.socket.destroy(), 5000).unref();
  }

  // ---- input framing -------------------------------------------------------------------

  private touch(): void {
    clearTimeout(this.idleTimer);
    // §4.5.3.2.7: a server waits at least 5 minutes for the next command; then it says 421.
    this.idleTimer = setTimeout(() => this.replyAndClose({ code: 421, lines: [`${this.settings.serverName} idle timeout, closing`] }), this.settings.idleTimeoutMs);
    this.idleTimer.unref();
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    this.touch();
    this.input = this.input.length === 0 ? chunk : Buffer.concat([this.input, chunk]);
    if (this.input.length > inputHighWater) this.socket.pause();
    void this.work();
  }

  /** Handles whatever complete units the input holds, one at a time, in order. */
  private async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      while (!this.closed) {
        const progressed = this.mode === 'command' ? await this.nextCommand() : await this.nextDataLine();
        if (!progressed) break;
      }
    } catch {
      this.close();
    } finally {
      this.working = false;
      if (!this.closed && this.socket.isPaused() && this.input.length <= inputHighWater) this.socket.resume();
    }
  }

  /** Where the next line ends (index of its terminator) and how long the terminator is. */
  protected findLineEnd(buffer: Buffer, from = 0): { at: number; length: number } | undefined {
    const at = buffer.indexOf(crlf, from);
    return at < 0 ? undefined : { at, length: 2 };
  }

  private async nextCommand(): Promise<boolean> {
    const lf = this.input.indexOf(0x0a);
    if (lf < 0) {
      if (this.input.length > this.commandLineCap) {
        if (!this.discardingLongLine) this.reply({ code: 500, lines: ['5.5.2 line too long'] });
        this.discardingLongLine = true;
        this.input = Buffer.alloc(0);
      }
      return false;
    }
    const raw = this.input.subarray(0, lf + 1);
    this.input = this.input.subarray(lf + 1);
    if (this.discardingLongLine) {
      this.discardingLongLine = false;
      return true;
    }
    if (raw.length > this.commandLineCap) {
      this.reply({ code: 500, lines: ['5.5.2 line too long'] });
      return true;
    }
    // §2.3.8: only CRLF ends a line; a bare LF or a stray CR is a syntax error, not a terminator.
    if (raw.length < 2 || raw[raw.length - 2] !== 0x0d || raw.subarray(0, raw.length - 2).includes(0x0d)) {
      this.reply({ code: 500, lines: ['5.5.2 syntax error: lines must end in CRLF'] });
      return true;
    }
    const line = raw.subarray(0, raw.length - 2);
    if (line.some((byte) => byte > 0x7e || (byte < 0x20 && byte !== 0x09))) {
      this.reply({ code: 500, lines: ['5.5.2 syntax error: commands are printable US-ASCII'] });
      return true;
    }
    await this.command(line.toString('latin1'));
    return true;
  }

  /** One line of message data: dot-unstuffing and the end marker, §4.5.2. */
  private async nextDataLine(): Promise<boolean> {
    const end = this.findLineEnd(this.input);
    if (!end) {
      // A very long line: keep the tail (a CR may be half of the next CRLF), store the rest.
      if (this.input.length > 65536) {
        this.appendData(this.input.subarray(0, this.input.length - 1), this.atLineStart);
        this.atLineStart = false;
        this.input = this.input.subarray(this.input.length - 1);
      }
      return false;
    }
    const line = this.input.subarray(0, end.at);
    this.input = this.input.subarray(end.at + end.length);
    const startsLine = this.atLineStart;
    this.atLineStart = true;
    if (startsLine && this.isEndOfData(line)) {
      this.mode = 'command';
      await this.endOfData();
      return true;
    }
    this.appendData(line, startsLine);
    this.appendData(crlf, false);
    return true;
  }

  protected isEndOfData(line: Buffer): boolean {
    return line.length === 1 && line[0] === 0x2e;
  }

  private appendData(bytes: Buffer, startsLine: boolean): void {
    const data = startsLine && bytes[0] === 0x2e ? bytes.subarray(1) : bytes;
    if (this.messageTooLarge) return;
    this.messageBytes += data.length;
    if (this.messageBytes > this.settings.maxMessageBytes) {
      this.messageTooLarge = true;
      this.message = [];
      return;
    }
    this.message.push(Buffer.from(data));
  }

  // ---- commands ------------------------------------------------------------------------

  /** Dispatches one command line; verbs are case-insensitive (§2.4). */
  protected async command(line: string): Promise<void> {
    const { verb, argument } = parseCommandLine(line);
    switch (verb) {
      case 'EHLO':
        return this.ehlo(argument);
      case 'HELO':
        return this.helo(argument);
      case 'MAIL':
        return this.mail(argument);
      case 'RCPT':
        return this.rcpt(argument);
      case 'DATA':
        return this.data(argument);
      case 'RSET':
        return this.rset(argument);
      case 'NOOP':
        return this.noop(argument);
      case 'VRFY':
        return this.vrfy(argument);
      case 'HELP':
        return this.help(argument);
      case 'QUIT':
        return this.quit(argument);
      case 'EXPN':
        return this.reply({ code: 502, lines: ['5.5.1 EXPN is not supported by this server'] });
      default:
        return this.unknown(verb);
    }
  }

  protected unknown(_verb: string): void {
    this.reply({ code: 500, lines: ['5.5.2 command not recognized'] });
  }

  /** The extension keywords of the EHLO reply (§4.1.1.1: every non-required command we implement). */
  protected extensions(): string[] {
    return ['PIPELINING', `SIZE ${this.settings.maxMessageBytes}`, '8BITMIME', 'HELP'];
  }

  protected ehlo(argument: string): void {
    if (!isDomainOrLiteral(argument.trim())) {
      this.reply({ code: 501, lines: ['5.5.4 EHLO needs a domain or address literal'] });
      return;
    }
    // §4.1.4: a later EHLO resets the session as RSET would.
    this.resetTransaction();
    this.greeted = 'EHLO';
    this.clientName = argument.trim();
    this.reply({ code: 250, lines: [`${this.settings.serverName} greets ${this.clientName}`, ...this.extensions()] });
  }

  protected helo(argument: string): void {
    if (!isDomainOrLiteral(argument.trim())) {
      this.reply({ code: 501, lines: ['5.5.4 HELO needs a domain or address literal'] });
      return;
    }
    this.resetTransaction();
    this.greeted = 'HELO';
    this.clientName = argument.trim();
    // §3.2: HELO gets a plain one-line reply, never the extension list.
    this.reply({ code: 250, lines: [`${this.settings.serverName} greets ${this.clientName}`] });
  }

  protected mail(argument: string): void {
    if (this.greeted === 'no') return this.reply({ code: 503, lines: ['5.5.1 send EHLO or HELO first'] });
    if (this.reversePath !== undefined) return this.reply({ code: 503, lines: ['5.5.1 nested MAIL command'] });
    const parsed = parsePathArgument(argument, 'FROM', { allowNull: true, allowBare: () => false });
    if (typeof parsed === 'string') return this.reply({ code: 501, lines: [`5.5.4 ${parsed}`] });
    const refusal = this.mailParameterRefusal(parsed);
    if (refusal) return this.reply(refusal);
    this.reversePath = parsed.mailbox;
    this.reply({ code: 250, lines: ['2.1.0 sender ok'] });
  }

  /** SIZE (RFC 1870) and BODY (RFC 6152) after EHLO; anything else is 555 (§4.1.1.11). */
  protected mailParameterRefusal({ parameters }: PathArgument): Reply | undefined {
    for (const [keyword, value] of parameters) {
      if (this.greeted !== 'EHLO') return { code: 555, lines: [`5.5.4 ${keyword} needs EHLO`] };
      if (keyword === 'SIZE') {
        if (!/^\d{1,20}$/.test(value)) return { code: 501, lines: ['5.5.4 SIZE takes a number of octets'] };
        if (Number(value) > this.settings.maxMessageBytes) return { code: 552, lines: ['5.3.4 message size exceeds fixed maximum message size'] };
      } else if (keyword === 'BODY') {
        if (!/^(7BIT|8BITMIME)$/i.test(value)) return { code: 501, lines: ['5.5.4 BODY is 7BIT or 8BITMIME'] };
      } else {
        return { code: 555, lines: [`5.5.4 ${keyword} parameter not recognized`] };
      }
    }
    return undefined;
  }

  protected rcpt(argument: string): void {
    if (this.reversePath === undefined) return this.reply({ code: 503, lines: ['5.5.1 need MAIL before RCPT'] });
    const directory = this.settings.directory;
    const parsed = parsePathArgument(argument, 'TO', { allowNull: false, allowBare: (m) => directory.lookup(m) !== undefined });
    if (typeof parsed === 'string') return this.reply({ code: 501, lines: [`5.5.4 ${parsed}`] });
    if (parsed.parameters.size > 0) return this.reply({ code: 555, lines: ['5.5.4 RCPT parameters not recognized'] });
    const domain = parsed.mailbox.includes('@') ? parsed.mailbox.slice(parsed.mailbox.lastIndexOf('@') + 1) : directory.domain;
    // Never an open relay: only the local domain is accepted (§3.6.2 asks for 550 on a policy refusal).
    if (!directory.isLocalDomain(domain)) return this.reply({ code: 550, lines: ['5.7.1 relaying denied'] });
    const user = directory.lookup(parsed.mailbox);
    if (user === undefined) return this.reply({ code: 550, lines: [`5.1.1 <${parsed.mailbox}>: no such user here`] });
    // §4.5.3.1.10: past our limit, 452 and keep the recipients already accepted.
    if (this.recipients.length >= this.settings.maxRecipients) return this.reply({ code: 452, lines: ['4.5.3 too many recipients'] });
    this.recipients.push({ mailbox: parsed.mailbox, user });
    this.reply({ code: 250, lines: ['2.1.5 recipient ok'] });
  }

  protected data(argument: string): void {
    if (argument !== '') return this.reply({ code: 501, lines: ['5.5.4 DATA takes no argument'] });
    if (this.reversePath === undefined) return this.reply({ code: 503, lines: ['5.5.1 need MAIL first'] });
    if (this.recipients.length === 0) return this.reply({ code: 503, lines: ['5.5.1 need RCPT first'] });
    this.mode = 'data';
    this.atLineStart = true;
    this.message = [];
    this.messageBytes = 0;
    this.messageTooLarge = false;
    this.reply({ code: 354, lines: ['end data with <CR><LF>.<CR><LF>'] });
  }

  /** The final "." arrived: deliver durably, then answer (250 only once the message is on disk). */
  protected async endOfData(): Promise<void> {
    const reversePath = this.reversePath ?? '';
    const recipients = this.recipients;
    const tooLarge = this.messageTooLarge;
    const content = Buffer.concat(this.message);
    this.resetTransaction();
    if (tooLarge) return this.reply({ code: 552, lines: ['5.3.4 message size exceeds fixed maximum message size'] });
    this.reply(await this.deliver(reversePath, recipients, content));
  }

  protected async deliver(reversePath: string, recipients: { mailbox: string; user: string }[], content: Buffer): Promise<Reply> {
    const id = randomBytes(6).toString('hex');
    const trace = traceFields({
      reversePath,
      clientName: this.clientName,
      clientAddress: this.socket.remoteAddress ?? 'unknown',
      serverName: this.settings.serverName,
      protocol: this.greeted === 'EHLO' ? 'ESMTP' : 'SMTP',
      id,
      recipients: recipients.map((r) => r.mailbox),
      date: new Date(),
    });
    const message = Buffer.concat([Buffer.from(trace, 'latin1'), content]);
    const users = [...new Set(recipients.map((r) => r.user))];
    try {
      for (const user of users) await deliverToMaildir(this.settings.storeRoot, user, message);
    } catch {
      return { code: 451, lines: ['4.3.0 local error in processing; try again later'] };
    }
    return { code: 250, lines: [`2.0.0 ok, queued as ${id}`] };
  }

  protected resetTransaction(): void {
    this.reversePath = undefined;
    this.recipients = [];
    this.message = [];
    this.messageBytes = 0;
    this.messageTooLarge = false;
  }

  protected rset(argument: string): void {
    if (argument !== '') return this.reply({ code: 501, lines: ['5.5.4 RSET takes no argument'] });
    this.resetTransaction();
    this.reply({ code: 250, lines: ['2.0.0 ok'] });
  }

  /** §4.1.1.9: NOOP ignores its argument and changes nothing. */
  protected noop(_argument: string): void {
    this.reply({ code: 250, lines: ['2.0.0 ok'] });
  }

  /**
   * §3.5: 250 only for a verified local mailbox, naming it as <local@domain>; 550 for an
   * unknown local name; 252 for anything we cannot check.
   */
  protected vrfy(argument: string): void {
    const name = argument.trim().replace(/^<(.*)>$/, '$1');
    if (name === '') return this.reply({ code: 501, lines: ['5.5.4 VRFY needs a name'] });
    const directory = this.settings.directory;
    const mailbox = name.includes('@') ? name : `${name}@${directory.domain}`;
    const domain = mailbox.slice(mailbox.lastIndexOf('@') + 1);
    if (!directory.isLocalDomain(domain)) return this.reply({ code: 252, lines: ['2.1.5 cannot verify, but will try delivery'] });
    const user = directory.lookup(mailbox);
    if (user === undefined) return this.reply({ code: 550, lines: [`5.1.1 ${name}: no such user here`] });
    this.reply({ code: 250, lines: [`2.1.5 ${user} <${mailbox}>`] });
  }

  protected help(_argument: string): void {
    this.reply({ code: 214, lines: ['2.0.0 commands: EHLO HELO MAIL RCPT DATA RSET NOOP VRFY HELP QUIT'] });
  }

  protected quit(argument: string): void {
    if (argument !== '') return this.reply({ code: 501, lines: ['5.5.4 QUIT takes no argument'] });
    this.replyAndClose({ code: 221, lines: [`2.0.0 ${this.settings.serverName} closing connection`] });
  }
}
