import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ConnectionClosed, NoReply } from '../../harness/core/errors.ts';
import { violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import { type Metainfo, readMetainfo } from './metainfo.ts';
import { type Handshake, type PeerMessage, bitIsSet, blockSize, decodeHandshake, decodeMessage, describeMessage, encodeHandshake, encodeMessage, handshakeLength } from './peer-wire.ts';

/**
 * The harness as a remote peer (BEP 3, "peer protocol"): it connects to the peer under test,
 * handshakes for a fixture torrent, then sends and reads length-prefixed messages. Every read
 * has a deadline and a cap (one block plus its header, or the torrent's bitfield).
 */

export type FixtureTorrent = 'seed' | 'leech';

const metainfoCache = new Map<string, Metainfo>();

/** The fixture torrents of fixtures/bittorrent/peer: the peer under test seeds one and downloads the other. */
export function fixtureMetainfo(fixturesDir: string, torrent: FixtureTorrent): Metainfo {
  const file = path.join(fixturesDir, 'bittorrent', 'peer', `${torrent}.torrent`);
  let metainfo = metainfoCache.get(file);
  if (!metainfo) {
    metainfo = readMetainfo(file);
    metainfoCache.set(file, metainfo);
  }
  return metainfo;
}

/**
 * How long the harness waits for the peer under test to unchoke it. Real clients re-run their
 * choker every 10 seconds (BEP 3's suggestion), so this is longer than one round.
 */
export const unchokeWaitMs = 12_000;

/**
 * A quiet period: how long the harness listens to conclude that something did not happen, as a
 * share of the read timeout (--timeout), so a slow real peer can be given more time.
 */
export const quietMs = (io: RunIO, share: number): number => Math.max(50, Math.round(io.limits.readTimeoutMs * share));

export class PeerSession {
  /** The pieces the remote announced so far (bitfield and haves). */
  readonly remoteHas = new Set<number>();
  /** Every message read so far, in order. */
  readonly received: PeerMessage[] = [];
  remoteChoking = true;
  closed = false;

  private constructor(
    readonly io: RunIO,
    readonly connection: TcpConnection,
    readonly metainfo: Metainfo,
    readonly handshake: Handshake,
  ) {}

  get pieceCount(): number {
    return this.metainfo.pieceHashes.length;
  }

  /** Connects, sends our handshake for `infoHash` (the torrent's unless told), reads the remote's. */
  static async open(io: RunIO, metainfo: Metainfo, infoHash: Uint8Array = metainfo.infoHash): Promise<PeerSession> {
    const connection = await io.tcp();
    const peerId = Buffer.concat([Buffer.from('-RC0001-'), randomBytes(12)]);
    io.step(`connect and handshake for ${Buffer.from(infoHash).toString('hex').slice(0, 8)}… (${metainfo.name})`);
    await connection.write(encodeHandshake(infoHash, peerId));
    const bytes = await connection.readExactly(handshakeLength, 'the 68-byte handshake');
    const handshake = decodeHandshake(bytes);
    if (!handshake) violation('the reply is not a BitTorrent handshake', '\\x13BitTorrent protocol…', bytes.subarray(0, 20).toString('latin1'));
    return new PeerSession(io, connection, metainfo, handshake);
  }

  async send(...messages: PeerMessage[]): Promise<void> {
    this.io.step(`send ${messages.map(describeMessage).join(', ')}`);
    await this.connection.write(Buffer.concat(messages.map(encodeMessage)));
  }

  /** Reads the next message; throws NoReply / ConnectionClosed like every wire read. */
  async next(what: string, timeoutMs = this.io.limits.readTimeoutMs): Promise<PeerMessage> {
    const cap = Math.max(blockSize + 9, Math.ceil(this.pieceCount / 8) + 1);
    const prefix = await this.connection.readExactly(4, `${what} (length prefix)`, { timeoutMs });
    const length = prefix.readUInt32BE(0);
    if (length > cap) violation(`a ${length}-byte message is longer than any legal one (${cap})`, `at most ${cap} bytes`, String(length));
    const body = await this.connection.readExactly(length, what, { timeoutMs });
    const message = decodeMessage(body);
    if (!message) violation(`malformed message (id ${body[0]}, ${length} bytes)`, 'a well-formed message', body.subarray(0, 16).toString('hex'));
    this.observe(message);
    return message;
  }

  /** Reads messages until `found` says stop; gives up after `timeoutMs` with NoReply. */
  async until<T>(what: string, found: (message: PeerMessage) => T | undefined, timeoutMs = this.io.limits.readTimeoutMs): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new NoReply(what, timeoutMs);
      const result = found(await this.next(what, left));
      if (result !== undefined) return result;
    }
  }

  /**
   * Reads whatever arrives for `ms`; stops early if the remote closes, or once a message for
   * which `last` is true has been read.
   */
  async collect(ms: number, last?: (message: PeerMessage) => boolean): Promise<PeerMessage[]> {
    const start = this.received.length;
    const deadline = Date.now() + ms;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        const message = await this.next('messages', left);
        if (last?.(message)) break;
      } catch (error) {
        if (error instanceof ConnectionClosed) {
          this.closed = true;
          break;
        }
        if (error instanceof NoReply) break;
        throw error;
      }
    }
    return this.received.slice(start);
  }

  /** Sends interested and waits until the remote unchokes us. */
  async becomeUnchoked(): Promise<void> {
    await this.send({ kind: 'interested' });
    if (!this.remoteChoking) return;
    await this.until('an unchoke after our interested', (m) => (m.kind === 'unchoke' ? true : undefined), unchokeWaitMs);
  }

  /** Requests one block and waits for the piece message carrying it. */
  async fetchBlock(index: number, begin: number, length: number): Promise<PeerMessage & { kind: 'piece' }> {
    await this.send({ kind: 'request', index, begin, length });
    return this.until(`the piece ${index}/${begin}`, (m) => (m.kind === 'piece' && m.index === index ? m : undefined));
  }

  private observe(message: PeerMessage): void {
    this.received.push(message);
    if (message.kind === 'bitfield') {
      for (let i = 0; i < this.pieceCount; i++) if (bitIsSet(message.bits, i)) this.remoteHas.add(i);
    } else if (message.kind === 'have') {
      this.remoteHas.add(message.index);
    } else if (message.kind === 'choke') {
      this.remoteChoking = true;
    } else if (message.kind === 'unchoke') {
      this.remoteChoking = false;
    }
  }
}
