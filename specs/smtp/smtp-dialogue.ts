import { expectOneOf, violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';
import type { Line, TcpConnection } from '../../harness/wire/tcp-connection.ts';

/**
 * The client side of an SMTP dialogue as the rules drive it: every command is recorded as a
 * step, every reply is framed by its lines (RFC 5321 §4.2: "ddd-" continues, "ddd " ends) with
 * the read deadline and byte cap of the connection. Framing is lenient on purpose — a reply that
 * ends in a bare LF, or mixes codes, is still read — so that only the rules about reply syntax
 * fail on such a server, not every rule.
 */

export interface SmtpReply {
  /** The code of the first line. */
  code: number;
  /** Each line without its terminator, code included. */
  lines: Line[];
}

/** A reply line is at most 512 octets (§4.5.3.1.5); allow generous slack before calling it a flood. */
const replyLineCap = 4096;
const replyLinesCap = 200;
export const clientName = 'client.rfcheck.test';

export function replyText(reply: SmtpReply): string {
  return reply.lines.map((l) => l.text).join(' | ');
}

export async function readReply(connection: TcpConnection, what: string): Promise<SmtpReply> {
  const lines: Line[] = [];
  for (;;) {
    const line = await connection.readLine(what, { maxBytes: replyLineCap });
    const match = /^(\d{3})([ -]|$)/.exec(line.text);
    if (!match) violation(`${what}: "${line.text.slice(0, 80)}" is not a reply line (three digits, then space or hyphen)`, 'ddd text', line.text.slice(0, 80));
    lines.push(line);
    if (match[2] !== '-') break;
    if (lines.length >= replyLinesCap) violation(`${what}: a reply of more than ${replyLinesCap} lines`, `at most ${replyLinesCap} lines`, `${lines.length}+ lines`);
  }
  return { code: Number(/^\d{3}/.exec(lines[0]?.text ?? '')?.[0]), lines };
}

/** The keywords of an EHLO reply (every line after the first), upper-cased, with their parameters. */
export function extensionsOf(ehlo: SmtpReply): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of ehlo.lines.slice(1)) {
    const [keyword = '', ...parameters] = line.text.slice(4).trim().split(/\s+/);
    if (keyword !== '') found.set(keyword.toUpperCase(), parameters.join(' '));
  }
  return found;
}

export class SmtpDialogue {
  private constructor(
    private readonly io: RunIO,
    readonly connection: TcpConnection,
    readonly greeting: SmtpReply,
  ) {}

  /** Connects and reads the greeting (whatever its code: the greeting rules judge it). */
  static async open(io: RunIO, endpoint?: Endpoint): Promise<SmtpDialogue> {
    const connection = await io.tcp(endpoint);
    io.step('connect, read the greeting');
    const greeting = await readReply(connection, 'the greeting');
    return new SmtpDialogue(io, connection, greeting);
  }

  /**
   * Connects, sends EHLO, and returns the session with the parameter of an extension keyword
   * (e.g. SIZE's limit); the rule ends as not applicable when the server does not offer it.
   */
  static async withExtension(io: RunIO, keyword: string): Promise<{ smtp: SmtpDialogue; parameter: string }> {
    const smtp = await SmtpDialogue.open(io);
    const parameter = extensionsOf(await smtp.expect(`EHLO ${clientName}`, [250])).get(keyword);
    if (parameter === undefined) io.notApplicable(`the server does not advertise ${keyword}`);
    return { smtp, parameter };
  }

  /** Sends one command line (CRLF added) and reads its reply. */
  async send(line: string, what = `the reply to ${line.split(' ')[0]}`): Promise<SmtpReply> {
    await this.write(line);
    return this.reply(what);
  }

  async write(line: string): Promise<void> {
    this.io.step(`C: ${line.length > 120 ? `${line.slice(0, 120)}… (${line.length} octets)` : line}`);
    await this.connection.write(`${line}\r\n`);
  }

  reply(what: string): Promise<SmtpReply> {
    return readReply(this.connection, what);
  }

  /** Sends a command and insists on one of `codes`. */
  async expect(line: string, codes: number[], what?: string): Promise<SmtpReply> {
    const reply = await this.send(line, what);
    expectOneOf(`${what ?? `the reply to ${line}`} (${replyText(reply)})`, reply.code, codes);
    return reply;
  }

  /** EHLO, falling back to HELO when EHLO is refused (§3.2, as a client does); returns the extensions. */
  async greet(): Promise<Map<string, string>> {
    const ehlo = await this.send(`EHLO ${clientName}`);
    if (ehlo.code === 250) return extensionsOf(ehlo);
    await this.expect(`HELO ${clientName}`, [250]);
    return new Map();
  }

  /** EHLO, MAIL and the given RCPTs, each required to succeed. */
  async openTransaction(recipients: string[], from = 'sender@rfcheck.test', mailParameters = ''): Promise<Map<string, string>> {
    const extensions = await this.greet();
    await this.expect(`MAIL FROM:<${from}>${mailParameters}`, [250]);
    for (const recipient of recipients) await this.expect(`RCPT TO:<${recipient}>`, [250, 251]);
    return extensions;
  }

  /** DATA, the message (dot-stuffed here), the final dot; returns the reply to the dot. */
  async sendMessage(content: Uint8Array): Promise<SmtpReply> {
    await this.expect('DATA', [354]);
    this.io.step(`C: <message of ${content.length} octets, dot-stuffed> then "."`);
    await this.connection.write(Buffer.concat([dotStuff(content), Buffer.from('.\r\n')]));
    return this.reply('the reply to the final "."');
  }
}

/** Dot-stuffs message content and ends it with CRLF if it does not (RFC 5321 §4.5.2). */
export function dotStuff(content: Uint8Array): Buffer {
  const text = Buffer.from(content);
  const parts: Buffer[] = [];
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\r\n', start);
    const line = text.subarray(start, end < 0 ? text.length : end);
    if (line[0] === 0x2e) parts.push(Buffer.from('.'));
    parts.push(line, Buffer.from('\r\n'));
    start = end < 0 ? text.length : end + 2;
  }
  return Buffer.concat(parts);
}
