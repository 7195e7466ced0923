import { violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { Line, TcpConnection } from '../../harness/wire/tcp-connection.ts';
import { credentials } from './credentials.ts';

/**
 * A POP3 client for checks: it reads what the server sends line by line (each read with the
 * run's deadline and byte cap), keeps every line as it came (text and terminator) for the
 * rules about framing, and is lenient in what it parses so that one framing bug does not
 * trip every rule: status indicators are recognised in any case, bare LF ends a line.
 */

export interface StatusLine {
  /** +OK (in any case) */
  ok: boolean;
  /** The text after the status indicator. */
  text: string;
  line: Line;
}

export interface MultilineReply extends StatusLine {
  /** The lines after the status line, byte-stuffing removed, without the final ".". */
  lines: string[];
  /** The lines exactly as received (still stuffed), for the framing rules. */
  rawLines: Line[];
}

const positive = /^\+ok(?: |$)/i;
const negative = /^-err(?: |$)/i;

export class Pop3Client {
  /** Every status line received, greeting first, for the framing rules. */
  readonly statusLines: Line[] = [];

  private constructor(
    readonly io: RunIO,
    readonly connection: TcpConnection,
    readonly greeting: StatusLine,
  ) {}

  /** Connects and reads the greeting (without judging it: that is rule 4/greeting-positive). */
  static async connect(io: RunIO): Promise<Pop3Client> {
    const connection = await io.tcp();
    const line = await connection.readLine('the greeting', { maxBytes: 4096 });
    const client = new Pop3Client(io, connection, parseStatus(line));
    client.statusLines.push(line);
    return client;
  }

  /** Connects and logs in with USER/PASS; a maildrop still locked by a session that just ended is retried briefly. */
  static async loggedIn(io: RunIO): Promise<Pop3Client> {
    const { user, pass } = credentials(io.options);
    for (let attempt = 0; ; attempt++) {
      const client = await Pop3Client.connect(io);
      const reply = await client.login(user, pass);
      if (reply.ok) return client;
      client.close();
      if (attempt >= 20) violation(`logging in as ${user} failed: ${reply.line.text}`, '+OK to USER and PASS', reply.line.text);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** USER then PASS; returns the first negative reply, or PASS's reply. */
  async login(user: string, pass: string, passTimeoutMs?: number): Promise<StatusLine> {
    const toUser = await this.command(`USER ${user}`);
    if (!toUser.ok) return toUser;
    return this.command(`PASS ${pass}`, passTimeoutMs);
  }

  /** Sends one command and reads its status line (waiting `timeoutMs`, by default the run's read timeout). */
  async command(line: string, timeoutMs?: number): Promise<StatusLine> {
    this.io.step(`C: ${line}`);
    await this.connection.write(`${line}\r\n`);
    return this.readStatus(`the reply to ${line.split(' ')[0]}`, timeoutMs);
  }

  /** Sends a command whose positive reply is multi-line, and reads all of it. */
  async multiline(line: string): Promise<MultilineReply> {
    const status = await this.command(line);
    if (!status.ok) return { ...status, lines: [], rawLines: [] };
    const rawLines: Line[] = [];
    let budget = this.io.limits.maxReplyBytes;
    for (;;) {
      const next = await this.connection.readLine(`the rest of the multi-line reply to ${line.split(' ')[0]}`, { maxBytes: budget });
      budget -= next.text.length + 2;
      if (next.text === '.') break;
      rawLines.push(next);
    }
    const lines = rawLines.map((l) => (l.text.startsWith('.') ? l.text.slice(1) : l.text));
    return { ...status, lines, rawLines };
  }

  /** Sends any command and reads its whole reply: multi-line when positive and the command is one of those. */
  async send(line: string): Promise<MultilineReply> {
    if (isMultilineCommand(line)) return this.multiline(line);
    return { ...(await this.command(line)), lines: [], rawLines: [] };
  }

  /** Sends QUIT and reads the answer. */
  async quit(): Promise<StatusLine> {
    return this.command('QUIT');
  }

  /** Drops the connection without QUIT. */
  close(): void {
    this.connection.close();
  }

  private async readStatus(what: string, timeoutMs?: number): Promise<StatusLine> {
    const line = await this.connection.readLine(what, { maxBytes: 4096, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
    this.statusLines.push(line);
    const status = parseStatus(line);
    if (!status.ok && !negative.test(line.text)) {
      violation(`${what} is neither +OK nor -ERR`, '+OK … or -ERR …', JSON.stringify(line.text));
    }
    return status;
  }
}

/** RETR and TOP, and LIST, UIDL and CAPA without argument, answer +OK with several lines. */
function isMultilineCommand(line: string): boolean {
  const [keyword = '', ...args] = line.toUpperCase().split(' ');
  if (keyword === 'RETR' || keyword === 'TOP') return true;
  return (keyword === 'LIST' || keyword === 'UIDL' || keyword === 'CAPA') && args.length === 0;
}

function parseStatus(line: Line): StatusLine {
  const ok = positive.test(line.text);
  const text = line.text.replace(ok ? positive : negative, '');
  return { ok, text, line };
}

/** A message as lines → its octets on the wire: every line CRLF-terminated (RFC 1939 §11). */
export function messageOctets(lines: string[]): Buffer {
  return Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'latin1');
}
