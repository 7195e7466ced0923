import type net from 'node:net';
import {
  type PeerMessage,
  bitIsSet,
  blockSize,
  decodeHandshake,
  decodeMessage,
  encodeHandshake,
  encodeMessage,
  handshakeLength,
  protocolName,
} from '../../specs/bittorrent/peer-wire.ts';
import type { ChokablePeer } from './choker.ts';
import type { PeerFaults } from './peer-faults.ts';
import type { TorrentSwarm } from './torrent-swarm.ts';

/**
 * One peer wire connection of the reference peer (BEP 3, "peer protocol" and "peer messages"),
 * either accepted or opened by us. It serves blocks of verified pieces while it unchokes the
 * remote, and downloads rarest-first while the remote unchokes it.
 */

export interface ConnectionContext {
  peerId: Buffer;
  faults: PeerFaults;
  /** The swarm for an info hash, or undefined when this peer does not serve it. */
  swarmFor(infoHash: Buffer): TorrentSwarm | undefined;
  /** Any swarm (a planted bug answers unknown hashes with it). */
  anySwarm(): TorrentSwarm | undefined;
}

const handshakeTimeoutMs = 10_000;
const idleTimeoutMs = 120_000;
const keepAliveEveryMs = 60_000;
const maxBlockAccepted = 128 * 1024;
/** Bad pieces a remote may send before we hang up on it. */
const maxStrikes = 3;

interface PendingDownload {
  index: number;
  blocks: Map<number, Buffer>;
  blockCount: number;
}

export class PeerConnection implements ChokablePeer {
  amChoking = true;
  amInterested = false;
  peerChoking = true;
  peerInterested = false;
  receivedThisRound = 0;
  sentThisRound = 0;
  remoteHas: Buffer = Buffer.alloc(0);
  private swarm: TorrentSwarm | undefined;
  private buffer: Buffer = Buffer.alloc(0);
  private messagesSeen = 0;
  private download: PendingDownload | undefined;
  private strikes = 0;
  private readonly uploads: { index: number; begin: number; length: number }[] = [];
  /** Blocks waiting in the upload throttle, by index:begin:length; a cancel or a choke withdraws them. */
  private readonly throttled = new Set<string>();
  private keepAlive: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly context: ConnectionContext,
    /** Set when we open the connection: the torrent we ask for, our handshake goes first. */
    initiatorSwarm?: TorrentSwarm,
  ) {
    socket.setNoDelay(true);
    socket.setTimeout(handshakeTimeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.cleanUp());
    if (initiatorSwarm) {
      this.swarm = initiatorSwarm;
      this.send(encodeHandshake(initiatorSwarm.infoHash, context.peerId));
    }
  }

  get has(): (index: number) => boolean {
    return (index) => bitIsSet(this.remoteHas, index);
  }

  close(): void {
    this.socket.destroy();
  }

  setChoking(choking: boolean): void {
    if (this.closed || choking === this.amChoking) return;
    this.amChoking = choking;
    if (choking) {
      this.uploads.length = 0;
      this.throttled.clear();
    }
    this.sendMessage({ kind: choking ? 'choke' : 'unchoke' });
  }

  resetRound(): void {
    this.receivedThisRound = 0;
    this.sentThisRound = 0;
  }

  /** The swarm completed a piece: tell this remote, and reconsider what we want from it. */
  announce(index: number): void {
    if (!this.context.faults.has('never-announces-have')) this.sendMessage({ kind: 'have', index });
    if (this.download?.index === index && this.swarm) this.cancelDownload(this.swarm);
    this.updateInterest();
    if (this.swarm) this.requestMore(this.swarm);
  }

  /** Another connection completed the piece this one was fetching (end game): withdraw our requests. */
  private cancelDownload(swarm: TorrentSwarm): void {
    const download = this.download;
    if (!download) return;
    const size = swarm.pieces.sizeOf(download.index);
    const step = download.blockCount === 1 ? size : blockSize;
    for (let begin = 0; begin < size; begin += step) {
      if (!download.blocks.has(begin)) this.sendMessage({ kind: 'cancel', index: download.index, begin, length: Math.min(step, size - begin) });
    }
    this.abandonDownload(swarm);
  }

  private send(bytes: Buffer): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(bytes);
  }

  private sendMessage(message: PeerMessage): void {
    this.send(encodeMessage(message));
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    if (!this.swarm || this.messagesSeen === 0) {
      if (this.buffer.length < handshakeLength) return;
      if (!this.acceptHandshake(this.buffer.subarray(0, handshakeLength))) return this.close();
      this.buffer = this.buffer.subarray(handshakeLength);
      this.messagesSeen = 1;
    }
    const swarm = this.swarm;
    if (!swarm) return;
    // The largest message accepted: a piece of up to 128 KiB (more than the 16 KiB we ask for,
    // as lenient clients allow), or the bitfield.
    const cap = Math.max(maxBlockAccepted + 9, Math.ceil(swarm.pieces.count / 8) + 1);
    while (this.buffer.length >= 4) {
      const length = this.buffer.readUInt32BE(0);
      if (length > cap) return this.close();
      if (this.buffer.length < 4 + length) return;
      const message = decodeMessage(this.buffer.subarray(4, 4 + length));
      this.buffer = this.buffer.subarray(4 + length);
      if (!message) return this.close();
      this.handle(message, swarm);
      this.messagesSeen += 1;
      if (this.closed) return;
    }
  }

  private acceptHandshake(bytes: Buffer): boolean {
    const handshake = decodeHandshake(bytes);
    if (!handshake || handshake.protocol !== protocolName) return false;
    if (this.swarm) return handshake.infoHash.equals(this.swarm.infoHash) && this.start(this.swarm);
    let swarm = this.context.swarmFor(handshake.infoHash);
    if (!swarm && this.context.faults.has('answers-unknown-info-hash')) swarm = this.context.anySwarm();
    if (!swarm) return false;
    this.swarm = swarm;
    const hashField = this.context.faults.has('handshake-echoes-peer-id-as-hash') ? this.context.peerId : swarm.infoHash;
    this.send(encodeHandshake(hashField, this.context.peerId));
    return this.start(swarm);
  }

  private start(swarm: TorrentSwarm): boolean {
    const faults = this.context.faults;
    this.socket.setTimeout(idleTimeoutMs, () => this.close());
    this.keepAlive = setInterval(() => this.sendMessage({ kind: 'keep-alive' }), keepAliveEveryMs);
    this.keepAlive.unref();
    this.remoteHas = Buffer.alloc(Math.ceil(swarm.pieces.count / 8));
    swarm.join(this);
    const firstHad = swarm.pieces.missing().length < swarm.pieces.count ? [...Array(swarm.pieces.count).keys()].find((i) => swarm.pieces.has(i)) : undefined;
    if (faults.has('have-before-bitfield') && firstHad !== undefined) this.sendMessage({ kind: 'have', index: firstHad });
    if (firstHad !== undefined) {
      const bits = faults.has('stale-bitfield') ? Buffer.from(swarm.initialBitfield) : swarm.pieces.bitfield();
      if (faults.has('spare-bits-set') && swarm.pieces.count % 8 !== 0) bits[bits.length - 1] = (bits[bits.length - 1] as number) | (0xff >> swarm.pieces.count % 8);
      this.sendMessage({ kind: 'bitfield', bits });
    }
    if (faults.has('interested-in-everyone')) {
      this.amInterested = true;
      this.sendMessage({ kind: 'interested' });
    }
    return true;
  }

  private handle(message: PeerMessage, swarm: TorrentSwarm): void {
    switch (message.kind) {
      case 'keep-alive':
        if (this.context.faults.has('closes-on-keep-alive')) this.close();
        return;
      case 'choke':
        this.peerChoking = true;
        this.abandonDownload(swarm);
        return;
      case 'unchoke':
        this.peerChoking = false;
        this.requestMore(swarm);
        return;
      case 'interested':
        this.peerInterested = true;
        swarm.peerInterested(this);
        return;
      case 'not-interested':
        this.peerInterested = false;
        swarm.peerNotInterested(this);
        return;
      case 'have':
        if (message.index >= swarm.pieces.count) return this.close();
        this.remoteHas[message.index >> 3] = (this.remoteHas[message.index >> 3] as number) | (0x80 >> (message.index & 7));
        this.updateInterest();
        this.requestMore(swarm);
        return;
      case 'bitfield':
        if (this.messagesSeen !== 1 || !this.validBitfield(message.bits, swarm.pieces.count)) return this.close();
        this.remoteHas = Buffer.from(message.bits);
        this.updateInterest();
        this.requestMore(swarm);
        return;
      case 'request':
        return this.queueUpload(message, swarm);
      case 'cancel': {
        const at = this.uploads.findIndex((u) => u.index === message.index && u.begin === message.begin && u.length === message.length);
        if (at >= 0) this.uploads.splice(at, 1);
        this.throttled.delete(`${message.index}:${message.begin}:${message.length}`);
        return;
      }
      case 'piece':
        return this.receiveBlock(message.index, message.begin, message.block, swarm);
      case 'unknown':
        return;
    }
  }

  private validBitfield(bits: Buffer, count: number): boolean {
    if (bits.length !== Math.ceil(count / 8)) return false;
    const spare = bits.length * 8 - count;
    return spare === 0 || ((bits[bits.length - 1] as number) & (0xff >> (8 - spare))) === 0;
  }

  /** Interested exactly while the remote has a piece we lack (BEP 3: say so when not). */
  private updateInterest(): void {
    const swarm = this.swarm;
    if (!swarm || this.context.faults.has('interested-in-everyone')) return;
    const wanted = swarm.pieces.missing().some((index) => this.has(index));
    if (wanted === this.amInterested) return;
    this.amInterested = wanted;
    this.sendMessage({ kind: wanted ? 'interested' : 'not-interested' });
  }

  private queueUpload(request: { index: number; begin: number; length: number }, swarm: TorrentSwarm): void {
    if (request.length > blockSize) return this.close();
    if (this.amChoking && !this.context.faults.has('serves-while-choking')) return;
    this.uploads.push(request);
    // Served on the next turn so that a cancel arriving in the same read can still withdraw it.
    setImmediate(() => this.serveUploads(swarm));
  }

  private serveUploads(swarm: TorrentSwarm): void {
    for (const request of this.uploads.splice(0)) {
      const block = swarm.blockFor(request.index, request.begin, request.length, this.context.faults);
      if (!block) continue;
      const begin = this.context.faults.has('piece-header-begin-zero') ? 0 : request.begin;
      const key = `${request.index}:${request.begin}:${request.length}`;
      this.throttled.add(key);
      const send = (): void => {
        this.throttled.delete(key);
        this.sentThisRound += block.length;
        this.sendMessage({ kind: 'piece', index: request.index, begin, block });
      };
      swarm.throttleUpload(block.length, send, () => !this.closed && this.throttled.has(key));
    }
  }

  private requestMore(swarm: TorrentSwarm): void {
    if (this.download || !this.amInterested) return;
    if (this.peerChoking && !this.context.faults.has('requests-while-choked')) return;
    const index = swarm.pickPiece(this);
    if (index === undefined) return;
    const size = swarm.pieces.sizeOf(index);
    const whole = this.context.faults.has('requests-whole-pieces');
    const step = whole ? size : blockSize;
    const blockCount = Math.ceil(size / step);
    this.download = { index, blocks: new Map(), blockCount };
    for (let begin = 0; begin < size; begin += step) {
      const rest = size - begin;
      const length = this.context.faults.has('requests-beyond-piece-end') ? step : Math.min(step, rest);
      this.sendMessage({ kind: 'request', index, begin, length });
    }
  }

  private receiveBlock(index: number, begin: number, block: Buffer, swarm: TorrentSwarm): void {
    const download = this.download;
    if (!download || download.index !== index || download.blocks.has(begin)) return;
    this.receivedThisRound += block.length;
    download.blocks.set(begin, block);
    if (download.blocks.size < download.blockCount) return;
    this.download = undefined;
    const data = Buffer.concat([...download.blocks.entries()].sort(([a], [b]) => a - b).map(([, bytes]) => bytes));
    if (!swarm.completePiece(index, data, this.context.faults)) {
      this.strikes += 1;
      if (this.strikes >= maxStrikes) return this.close();
    }
    this.requestMore(swarm);
  }

  private abandonDownload(swarm: TorrentSwarm): void {
    if (this.download) swarm.release(this.download.index);
    this.download = undefined;
  }

  private cleanUp(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    this.uploads.length = 0;
    this.throttled.clear();
    if (this.swarm) {
      this.abandonDownload(this.swarm);
      this.swarm.leave(this);
    }
  }
}
