import net from 'node:net';

/**
 * A minimal SMTP client for tests and tools that need to put mail into a store through SMTP
 * (the durability test; POP3/IMAP tests delivering their messages): one transaction per
 * connection, every read bounded by a deadline and a byte cap.
 */

export interface OutgoingMail {
  host: string;
  port: number;
  from: string;
  to: string[];
  /** The message, CRLF line ends; dot-stuffing is done here. */
  content: Uint8Array;
  /** Deadline for each reply (default 5 s). */
  timeoutMs?: number;
  heloName?: string;
}

export interface FinalReply {
  code: number;
  text: string;
}

const replyCap = 64 * 1024;

/** Dot-stuffs CRLF-terminated content and appends the end-of-data line (RFC 5321 §4.5.2). */
export function encodeData(content: Uint8Array): Buffer {
  const text = Buffer.from(content);
  const body = text.length === 0 || text.subarray(-2).equals(Buffer.from('\r\n')) ? text : Buffer.concat([text, Buffer.from('\r\n')]);
  const stuffed = body.toString('latin1').replace(/(^|\r\n)\./g, '$1..');
  return Buffer.concat([Buffer.from(stuffed, 'latin1'), Buffer.from('.\r\n')]);
}

class ReplyReader {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      if (this.buffer.length > replyCap) this.fail(new Error(`reply larger than ${replyCap} octets`));
      this.waiting?.();
    });
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.();
  }

  /** Reads one reply (all its lines); resolves with the code of its last line. */
  async next(timeoutMs: number): Promise<FinalReply> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = this.buffer.toString('latin1').split('\r\n');
      const complete = lines.slice(0, -1);
      const last = complete.findIndex((line) => /^\d{3}( |$)/.test(line));
      if (last >= 0) {
        const reply = complete.slice(0, last + 1);
        this.buffer = this.buffer.subarray(Buffer.byteLength(reply.join('\r\n'), 'latin1') + 2);
        return { code: Number(reply[last]?.slice(0, 3)), text: reply.join('\n') };
      }
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiting = undefined;
    }
  }
}

async function expectReply(reader: ReplyReader, timeoutMs: number, codes: number[], step: string): Promise<FinalReply> {
  const reply = await reader.next(timeoutMs);
  if (!codes.includes(reply.code)) throw new Error(`${step}: ${reply.text}`);
  return reply;
}

/** Sends one message; resolves with the reply to the final "." (rejects on any other failure). */
export async function sendMail(mail: OutgoingMail): Promise<FinalReply> {
  const timeoutMs = mail.timeoutMs ?? 5000;
  const socket = net.connect({ host: mail.host, port: mail.port });
  socket.setNoDelay(true);
  const reader = new ReplyReader(socket);
  const send = (line: string | Buffer): void => {
    socket.write(typeof line === 'string' ? `${line}\r\n` : line);
  };
  try {
    await expectReply(reader, timeoutMs, [220], 'greeting');
    send(`EHLO ${mail.heloName ?? 'client.rfcheck.test'}`);
    await expectReply(reader, timeoutMs, [250], 'EHLO');
    send(`MAIL FROM:<${mail.from}>`);
    await expectReply(reader, timeoutMs, [250], 'MAIL');
    for (const to of mail.to) {
      send(`RCPT TO:<${to}>`);
      await expectReply(reader, timeoutMs, [250, 251], `RCPT ${to}`);
    }
    send('DATA');
    await expectReply(reader, timeoutMs, [354], 'DATA');
    send(encodeData(mail.content));
    const final = await reader.next(timeoutMs);
    send('QUIT');
    return final;
  } finally {
    socket.destroy();
  }
}
