import { expectThat, show, violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';

/**
 * The harness's side of the FTP control connection: sends command lines, reads replies
 * (RFC 959 §4.2: "xyz text", or a multi-line reply from "xyz-" to the first line that starts
 * with the same code and a space). Parsing is lenient about line ends so that one rule, not
 * every rule, judges them; every read has the run's deadline and a byte cap.
 */

/** The longest reply line the harness accepts; the most lines a multi-line reply may have. */
const maxLineBytes = 16 * 1024;
const maxReplyLines = 500;

export interface Reply {
  code: number;
  /** Every line of the reply, without its line end. */
  lines: string[];
  /** The text after the code on the last line. */
  text: string;
  /** True when some line ended in a bare LF instead of CRLF. */
  bareLineFeed: boolean;
}

export const isPreliminary = (reply: Reply): boolean => reply.code >= 100 && reply.code < 200;
export const isCompletion = (reply: Reply): boolean => reply.code >= 200 && reply.code < 300;

/** The user the suite logs in as: --user/--pass, else the fixture user of fixtures/ftp/README.md. */
export function credentials(io: RunIO): { user: string; pass: string } {
  return { user: io.options.user ?? 'alice', pass: io.options.pass ?? 'wonderland' };
}

export class FtpControl {
  private constructor(
    readonly io: RunIO,
    readonly connection: TcpConnection,
    readonly greeting: Reply,
  ) {}

  /** Connects and reads the greeting: 220, possibly after a 120 "ready in n minutes". */
  static async connect(io: RunIO): Promise<FtpControl> {
    const connection = await io.tcp();
    let greeting = await readReply(connection, 'the greeting');
    if (greeting.code === 120) greeting = await readReply(connection, 'the greeting after 120');
    return new FtpControl(io, connection, greeting);
  }

  /** Connects and logs in as the suite's user, accepting any success code. */
  static async loggedIn(io: RunIO, who = credentials(io)): Promise<FtpControl> {
    const control = await FtpControl.connect(io);
    // The exact greeting code is judged by its own rule (5.4); here any success lets the run go on.
    expectThat(isCompletion(control.greeting), `the server greeted with ${control.greeting.code}`, '220', describeReply(control.greeting));
    await control.logIn(who.user, who.pass);
    return control;
  }

  async logIn(user: string, pass: string): Promise<void> {
    const afterUser = await this.command(`USER ${user}`);
    if (afterUser.code === 230) return;
    expectThat(afterUser.code === 331 || afterUser.code === 332, `USER ${user} was answered ${afterUser.code}`, '331', describeReply(afterUser));
    const afterPass = await this.command(`PASS ${pass}`, `PASS ${'*'.repeat(pass.length)}`);
    expectThat(isCompletion(afterPass), `logging in as ${user} failed: ${describeReply(afterPass)}`, '230', describeReply(afterPass));
  }

  /** Sends one command line; `shown` replaces it in the steps (to hide a password). */
  async send(line: string, shown = line): Promise<void> {
    this.io.step(shown);
    await this.connection.write(Buffer.from(`${line}\r\n`, 'utf8'));
  }

  reply(what = 'a reply'): Promise<Reply> {
    return readReply(this.connection, what);
  }

  async command(line: string, shown = line): Promise<Reply> {
    await this.send(line, shown);
    return this.reply(`the reply to ${shown.split(' ')[0]}`);
  }

  /** Sends a command and requires one of `codes`. */
  async expect(line: string, codes: readonly number[], why = ''): Promise<Reply> {
    const reply = await this.command(line);
    expectReplyCode(`${line.split(' ')[0]}${why ? ` (${why})` : ''}`, reply, codes);
    return reply;
  }

  /** Sends a command and requires any 2yz reply (the lenient check helpers use). */
  async succeed(line: string): Promise<Reply> {
    const reply = await this.command(line);
    expectThat(isCompletion(reply), `${line} failed: ${describeReply(reply)}`, '2yz', describeReply(reply));
    return reply;
  }
}

export function expectReplyCode(what: string, reply: Reply, codes: readonly number[]): void {
  if (!codes.includes(reply.code)) {
    const expected = codes.join(' or ');
    violation(`${what}: expected ${expected}, got ${describeReply(reply)}`, expected, describeReply(reply));
  }
}

export function describeReply(reply: Reply): string {
  return show(reply.lines.length === 1 ? reply.lines[0] : `${reply.lines[0]} … ${reply.lines[reply.lines.length - 1]}`);
}

async function readReply(connection: TcpConnection, what: string): Promise<Reply> {
  const first = await connection.readLine(what, { maxBytes: maxLineBytes });
  const head = /^([1-5]\d\d)([ -])(.*)$/.exec(first.text);
  if (!head) violation(`${what} does not begin with a reply code and a space or hyphen: ${show(first.text)}`, 'xyz text', show(first.text));
  const code = Number(head[1]);
  const lines = [first.text];
  let bareLineFeed = first.terminator === 'LF';
  let last = head[3] as string;
  if (head[2] === '-') {
    for (;;) {
      if (lines.length >= maxReplyLines) violation(`${what}: a multi-line reply ran past ${maxReplyLines} lines without its "${code} " end line`);
      const line = await connection.readLine(`the end line "${code} …" of a multi-line reply`, { maxBytes: maxLineBytes });
      lines.push(line.text);
      bareLineFeed ||= line.terminator === 'LF';
      if (line.text.startsWith(`${code} `) || line.text === String(code)) {
        last = line.text.slice(4);
        break;
      }
    }
  }
  return { code, lines, text: last, bareLineFeed };
}
