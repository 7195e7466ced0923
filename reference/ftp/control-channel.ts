import type net from 'node:net';

/**
 * The server's side of the control connection: splits the client's bytes into command lines
 * (Telnet IAC sequences removed, each line capped) and writes replies, single-line or
 * multi-line in RFC 959's form: "xyz-first", indented middle lines, "xyz last".
 */
export const maxCommandLineBytes = 4096;

const iac = 0xff;

export class ControlChannel {
  private pending = Buffer.alloc(0);
  /** True while the rest of an over-long line is being thrown away. */
  private discarding = false;

  constructor(
    readonly socket: net.Socket,
    private readonly onLine: (line: string) => void,
    private readonly onOverlong: () => void,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  reply(code: number, text: string | string[]): void {
    const lines = typeof text === 'string' ? [text] : text;
    if (this.socket.destroyed || this.socket.writableEnded) return;
    if (lines.length <= 1) {
      this.socket.write(`${code} ${lines[0] ?? ''}\r\n`);
      return;
    }
    const middle = lines.slice(1, -1).map((line) => ` ${line}\r\n`);
    this.socket.write(`${code}-${lines[0]}\r\n${middle.join('')}${code} ${lines[lines.length - 1]}\r\n`);
  }

  /** Sends a last reply and closes the connection once it is written. */
  replyAndClose(code: number, text: string): void {
    this.reply(code, text);
    this.socket.end();
  }

  private receive(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      const end = this.pending.indexOf(0x0a);
      if (end < 0) break;
      const raw = this.pending.subarray(0, end);
      this.pending = this.pending.subarray(end + 1);
      if (this.discarding) {
        this.discarding = false;
        continue;
      }
      if (raw.length > maxCommandLineBytes) this.onOverlong();
      else this.onLine(decodeCommandLine(raw));
    }
    if (this.pending.length > maxCommandLineBytes) {
      this.pending = Buffer.alloc(0);
      if (!this.discarding) this.onOverlong();
      this.discarding = true;
    }
  }
}

/** Removes Telnet commands (IAC x, IAC WILL/WONT/DO/DONT y) and the trailing CR; IAC IAC is a 0xff byte. */
function decodeCommandLine(raw: Buffer): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i] as number;
    if (byte !== iac) {
      bytes.push(byte);
      continue;
    }
    const next = raw[i + 1];
    if (next === iac) bytes.push(iac);
    i += next !== undefined && next >= 251 && next <= 254 ? 2 : 1;
  }
  if (bytes[bytes.length - 1] === 0x0d) bytes.pop();
  return Buffer.from(bytes).toString('utf8');
}
