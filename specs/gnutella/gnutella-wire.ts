/**
 * Gnutella 0.6 messages (Gnutella Protocol Specification 0.6, 2.2): a 23-byte header — 16-byte
 * message id (GUID), payload type, TTL, hops, payload length (4 bytes, little-endian) — then the
 * payload. Payloads here: Ping (empty), Pong, Query, Query Hit.
 */

export const headerLength = 23;
/** 0.6 servents drop messages larger than this (2.2.1); the harness and the reference cap at it. */
export const maxPayload = 4096;

export const PayloadType = { ping: 0x00, pong: 0x01, bye: 0x02, push: 0x40, query: 0x80, queryHit: 0x81 } as const;

export interface Message {
  guid: Buffer;
  type: number;
  ttl: number;
  hops: number;
  payload: Buffer;
}

export function encodeMessage(message: Message): Buffer {
  const header = Buffer.alloc(headerLength);
  message.guid.copy(header, 0, 0, 16);
  header[16] = message.type;
  header[17] = message.ttl;
  header[18] = message.hops;
  header.writeUInt32LE(message.payload.length, 19);
  return Buffer.concat([header, message.payload]);
}

/** Splits one message off the front of `bytes`: the message and the rest, or undefined when incomplete. */
export function decodeMessage(bytes: Buffer): { message: Message; rest: Buffer } | { tooLarge: number } | undefined {
  if (bytes.length < headerLength) return undefined;
  const length = bytes.readUInt32LE(19);
  if (length > maxPayload) return { tooLarge: length };
  if (bytes.length < headerLength + length) return undefined;
  return {
    message: {
      guid: Buffer.from(bytes.subarray(0, 16)),
      type: bytes[16] as number,
      ttl: bytes[17] as number,
      hops: bytes[18] as number,
      payload: Buffer.from(bytes.subarray(headerLength, headerLength + length)),
    },
    rest: bytes.subarray(headerLength + length),
  };
}

/** A message id as 0.6 asks: random, byte 8 all ones, byte 15 zero (2.2.1). */
export function newGuid(random: (size: number) => Buffer): Buffer {
  const guid = random(16);
  guid[8] = 0xff;
  guid[15] = 0;
  return guid;
}

export interface Pong {
  port: number;
  ip: string;
  files: number;
  kilobytes: number;
}

export function encodePong(pong: Pong): Buffer {
  const out = Buffer.alloc(14);
  out.writeUInt16LE(pong.port, 0);
  Buffer.from(pong.ip.split('.').map(Number)).copy(out, 2);
  out.writeUInt32LE(pong.files, 6);
  out.writeUInt32LE(pong.kilobytes, 10);
  return out;
}

/** Query: minimum speed (2 bytes) and the NUL-terminated search criteria (2.2.5). */
export function encodeQuery(criteria: string): Buffer {
  return Buffer.concat([Buffer.alloc(2), Buffer.from(criteria, 'utf8'), Buffer.alloc(1)]);
}

export function queryCriteria(payload: Buffer): string | undefined {
  const end = payload.indexOf(0, 2);
  return payload.length < 3 || end < 0 ? undefined : payload.subarray(2, end).toString('utf8');
}

export interface QueryHitResult {
  index: number;
  size: number;
  name: string;
}

/** Query Hit (2.2.6): hit count, port, IP, speed, results (index, size, name + double NUL), servent id. */
export function encodeQueryHit(hit: { port: number; ip: string; results: QueryHitResult[]; serventId: Buffer }): Buffer {
  const head = Buffer.alloc(11);
  head[0] = hit.results.length;
  head.writeUInt16LE(hit.port, 1);
  Buffer.from(hit.ip.split('.').map(Number)).copy(head, 3);
  head.writeUInt32LE(1000, 7);
  const results = hit.results.map((result) => {
    const fixed = Buffer.alloc(8);
    fixed.writeUInt32LE(result.index, 0);
    fixed.writeUInt32LE(result.size, 4);
    return Buffer.concat([fixed, Buffer.from(result.name, 'utf8'), Buffer.alloc(2)]);
  });
  return Buffer.concat([head, ...results, hit.serventId.subarray(0, 16)]);
}

/** The file names of a Query Hit's result set, or undefined when it is malformed. */
export function queryHitNames(payload: Buffer): string[] | undefined {
  if (payload.length < 11 + 16) return undefined;
  const names: string[] = [];
  let at = 11;
  for (let i = 0; i < (payload[0] as number); i++) {
    const end = payload.indexOf(Buffer.alloc(2), at + 8);
    if (end < 0 || end > payload.length - 16) return undefined;
    names.push(payload.subarray(at + 8, end).toString('utf8'));
    at = end + 2;
  }
  return names;
}
