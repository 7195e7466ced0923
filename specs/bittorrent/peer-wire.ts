/**
 * The peer wire protocol's bytes (BEP 3, "peer protocol" and "peer messages"): the 68-byte
 * handshake, then messages framed by a 4-byte big-endian length (0 = keep-alive), each starting
 * with a one-byte id.
 */

export const protocolName = 'BitTorrent protocol';
export const handshakeLength = 49 + protocolName.length;
/** The block size every client uses, and the most a request may ask for. */
export const blockSize = 16 * 1024;

export const MessageId = {
  choke: 0,
  unchoke: 1,
  interested: 2,
  notInterested: 3,
  have: 4,
  bitfield: 5,
  request: 6,
  piece: 7,
  cancel: 8,
} as const;

export const messageNames: Record<number, string> = Object.fromEntries(Object.entries(MessageId).map(([name, id]) => [id, name]));

export interface Handshake {
  protocol: string;
  reserved: Buffer;
  infoHash: Buffer;
  peerId: Buffer;
}

export function encodeHandshake(infoHash: Uint8Array, peerId: Uint8Array, reserved: Uint8Array = Buffer.alloc(8)): Buffer {
  return Buffer.concat([Buffer.from([protocolName.length]), Buffer.from(protocolName, 'latin1'), Buffer.from(reserved), Buffer.from(infoHash), Buffer.from(peerId)]);
}

/** Decodes a complete 68-byte handshake; undefined when the first bytes are not one. */
export function decodeHandshake(bytes: Buffer): Handshake | undefined {
  if (bytes.length < handshakeLength || bytes[0] !== protocolName.length) return undefined;
  return {
    protocol: bytes.subarray(1, 20).toString('latin1'),
    reserved: Buffer.from(bytes.subarray(20, 28)),
    infoHash: Buffer.from(bytes.subarray(28, 48)),
    peerId: Buffer.from(bytes.subarray(48, 68)),
  };
}

export interface BlockRef {
  index: number;
  begin: number;
  length: number;
}

export type PeerMessage =
  | { kind: 'keep-alive' }
  | { kind: 'choke' | 'unchoke' | 'interested' | 'not-interested' }
  | { kind: 'have'; index: number }
  | { kind: 'bitfield'; bits: Buffer }
  | ({ kind: 'request' | 'cancel' } & BlockRef)
  | { kind: 'piece'; index: number; begin: number; block: Buffer }
  | { kind: 'unknown'; id: number; payload: Buffer };

const frame = (id: number, payload: Buffer = Buffer.alloc(0)): Buffer => {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(payload.length + 1, 0);
  head[4] = id;
  return Buffer.concat([head, payload]);
};

const uint32s = (...values: number[]): Buffer => {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => out.writeUInt32BE(value, i * 4));
  return out;
};

export function encodeMessage(message: PeerMessage): Buffer {
  switch (message.kind) {
    case 'keep-alive':
      return Buffer.alloc(4);
    case 'choke':
      return frame(MessageId.choke);
    case 'unchoke':
      return frame(MessageId.unchoke);
    case 'interested':
      return frame(MessageId.interested);
    case 'not-interested':
      return frame(MessageId.notInterested);
    case 'have':
      return frame(MessageId.have, uint32s(message.index));
    case 'bitfield':
      return frame(MessageId.bitfield, message.bits);
    case 'request':
      return frame(MessageId.request, uint32s(message.index, message.begin, message.length));
    case 'cancel':
      return frame(MessageId.cancel, uint32s(message.index, message.begin, message.length));
    case 'piece':
      return frame(MessageId.piece, Buffer.concat([uint32s(message.index, message.begin), message.block]));
    case 'unknown':
      return frame(message.id, message.payload);
  }
}

/** Decodes one message body (the bytes after the length prefix); undefined for a malformed one. */
export function decodeMessage(body: Buffer): PeerMessage | undefined {
  if (body.length === 0) return { kind: 'keep-alive' };
  const id = body[0] as number;
  const payload = body.subarray(1);
  const fixed = (length: number): boolean => payload.length === length;
  switch (id) {
    case MessageId.choke:
      return fixed(0) ? { kind: 'choke' } : undefined;
    case MessageId.unchoke:
      return fixed(0) ? { kind: 'unchoke' } : undefined;
    case MessageId.interested:
      return fixed(0) ? { kind: 'interested' } : undefined;
    case MessageId.notInterested:
      return fixed(0) ? { kind: 'not-interested' } : undefined;
    case MessageId.have:
      return fixed(4) ? { kind: 'have', index: payload.readUInt32BE(0) } : undefined;
    case MessageId.bitfield:
      return { kind: 'bitfield', bits: Buffer.from(payload) };
    case MessageId.request:
    case MessageId.cancel:
      return fixed(12)
        ? { kind: id === MessageId.request ? 'request' : 'cancel', index: payload.readUInt32BE(0), begin: payload.readUInt32BE(4), length: payload.readUInt32BE(8) }
        : undefined;
    case MessageId.piece:
      return payload.length >= 8 ? { kind: 'piece', index: payload.readUInt32BE(0), begin: payload.readUInt32BE(4), block: Buffer.from(payload.subarray(8)) } : undefined;
    default:
      return { kind: 'unknown', id, payload: Buffer.from(payload) };
  }
}

/** A bitfield of `pieceCount` bits, most significant bit of byte 0 first, spare bits zero. */
export function encodeBitfield(has: (index: number) => boolean, pieceCount: number): Buffer {
  const bits = Buffer.alloc(Math.ceil(pieceCount / 8));
  for (let i = 0; i < pieceCount; i++) if (has(i)) bits[i >> 3] = (bits[i >> 3] as number) | (0x80 >> (i & 7));
  return bits;
}

export function bitIsSet(bits: Buffer, index: number): boolean {
  return (((bits[index >> 3] ?? 0) >> (7 - (index & 7))) & 1) === 1;
}

export function describeMessage(message: PeerMessage): string {
  switch (message.kind) {
    case 'have':
      return `have ${message.index}`;
    case 'bitfield':
      return `bitfield ${message.bits.toString('hex')}`;
    case 'request':
    case 'cancel':
      return `${message.kind} ${message.index}/${message.begin}/${message.length}`;
    case 'piece':
      return `piece ${message.index}/${message.begin} (${message.block.length} bytes)`;
    case 'unknown':
      return `message id ${message.id} (${message.payload.length} bytes)`;
    default:
      return message.kind;
  }
}
