import { randomBytes } from 'node:crypto';
import { ConnectionClosed, NoReply } from '../../harness/core/errors.ts';
import { violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import { type Message, PayloadType, decodeMessage, encodeMessage, headerLength, maxPayload, newGuid } from './gnutella-wire.ts';

/**
 * The harness as one neighbour of the servent under test: it connects with the 0.6 handshake
 * (Gnutella 0.6, 2.1), then sends and reads messages, every read with a deadline and a 4 KiB
 * payload cap.
 */

/** A quiet period, as a share of the read timeout: how long to listen to conclude nothing came. */
export const quietMs = (io: RunIO, share: number): number => Math.max(50, Math.round(io.limits.readTimeoutMs * share));

export const freshGuid = (): Buffer => newGuid(randomBytes);

export class NeighbourSession {
  readonly received: Message[] = [];

  private constructor(
    readonly io: RunIO,
    readonly connection: TcpConnection,
    readonly name: string,
    /** The servent's handshake lines, and whether each ended in CRLF. */
    readonly handshakeLines: { text: string; crlf: boolean }[],
  ) {}

  /** Connects and completes the three-step handshake. */
  static async connect(io: RunIO, name: string): Promise<NeighbourSession> {
    const connection = await io.tcp();
    await connection.write('GNUTELLA CONNECT/0.6\r\nUser-Agent: rfcheck/0.1\r\nX-Ultrapeer: False\r\n\r\n');
    const lines: { text: string; crlf: boolean }[] = [];
    for (;;) {
      const line = await connection.readLine('a handshake line', { maxBytes: 1024 });
      if (line.text === '') break;
      lines.push({ text: line.text, crlf: line.terminator === 'CRLF' });
      if (lines.length > 64) violation('the handshake reply has more than 64 lines');
    }
    if (!/^GNUTELLA\/0\.6 200/.test(lines[0]?.text ?? '')) violation('the servent did not accept the connection', 'GNUTELLA/0.6 200 …', lines[0]?.text ?? '');
    await connection.write('GNUTELLA/0.6 200 OK\r\n\r\n');
    return new NeighbourSession(io, connection, name, lines);
  }

  /** Connects `count` neighbours and makes sure the servent has each in its table (a Ping of TTL 1 is answered). */
  static async several(io: RunIO, count: number): Promise<NeighbourSession[]> {
    const names = ['A', 'B', 'C', 'D'];
    const sessions: NeighbourSession[] = [];
    for (let i = 0; i < count; i++) sessions.push(await NeighbourSession.connect(io, names[i] ?? `N${i}`));
    for (const session of sessions) {
      await session.send({ guid: freshGuid(), type: PayloadType.ping, ttl: 1, hops: 0, payload: Buffer.alloc(0) }, 'a Ping with TTL 1 (is the link up?)');
      await session.until('a Pong', (m) => m.type === PayloadType.pong);
    }
    io.step(`${count} neighbours (${names.slice(0, count).join(', ')}) connected with the 0.6 handshake`);
    return sessions;
  }

  async send(message: Message, what: string): Promise<void> {
    this.io.step(`${this.name} sends ${what} (GUID ${message.guid.toString('hex').slice(0, 8)}…, TTL ${message.ttl}, hops ${message.hops})`);
    await this.connection.write(encodeMessage(message));
  }

  async next(what: string, timeoutMs = this.io.limits.readTimeoutMs): Promise<Message> {
    const header = await this.connection.readExactly(headerLength, `${what} (header)`, { timeoutMs });
    const length = header.readUInt32LE(19);
    if (length > maxPayload) violation(`a ${length}-byte payload is over the 4 KiB limit`, `at most ${maxPayload}`, String(length));
    const payload = await this.connection.readExactly(length, `${what} (payload)`, { timeoutMs });
    const decoded = decodeMessage(Buffer.concat([header, payload]));
    if (!decoded || 'tooLarge' in decoded) return violation('a malformed message');
    this.received.push(decoded.message);
    return decoded.message;
  }

  /** Reads until a message satisfies `wanted`; NoReply after `timeoutMs`. */
  async until(what: string, wanted: (message: Message) => boolean, timeoutMs = this.io.limits.readTimeoutMs): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new NoReply(what, timeoutMs);
      const message = await this.next(what, left);
      if (wanted(message)) return message;
    }
  }

  /** Everything that arrives within `ms` (stops early on close). */
  async collect(ms: number): Promise<Message[]> {
    const start = this.received.length;
    const deadline = Date.now() + ms;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        await this.next('messages', left);
      } catch (error) {
        if (error instanceof NoReply || error instanceof ConnectionClosed) break;
        throw error;
      }
    }
    return this.received.slice(start);
  }

  /** Listens for a quiet period (20% of the read timeout) and fails if a `type` message with `guid` arrived. */
  async expectNone(guid: Buffer, type: number, what: string): Promise<void> {
    await this.collect(quietMs(this.io, 0.2));
    if (this.carrying(guid, type).length > 0) violation(`${what} reached ${this.name}`, `nothing at ${this.name}`, `${what} at ${this.name}`);
  }

  /** The messages received so far carrying `guid` and of `type`. */
  carrying(guid: Buffer, type: number): Message[] {
    return this.received.filter((m) => m.type === type && m.guid.equals(guid));
  }
}
