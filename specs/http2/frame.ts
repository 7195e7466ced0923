/**
 * The HTTP/2 frame layer (RFC 9113 §4.1, §6): a 9-octet header (24-bit length, type, flags,
 * reserved bit and 31-bit stream identifier) and the payload of each frame type.
 */

export const frameHeaderLength = 9;
export const defaultMaxFrameSize = 16_384;
export const largestMaxFrameSize = 2 ** 24 - 1;
export const largestWindow = 2 ** 31 - 1;
export const defaultWindow = 65_535;
export const connectionPreface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export const FrameType = {
  DATA: 0x0,
  HEADERS: 0x1,
  PRIORITY: 0x2,
  RST_STREAM: 0x3,
  SETTINGS: 0x4,
  PUSH_PROMISE: 0x5,
  PING: 0x6,
  GOAWAY: 0x7,
  WINDOW_UPDATE: 0x8,
  CONTINUATION: 0x9,
} as const;

export const Flag = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const;

export const ErrorCode = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  SETTINGS_TIMEOUT: 0x4,
  STREAM_CLOSED: 0x5,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  CANCEL: 0x8,
  COMPRESSION_ERROR: 0x9,
  CONNECT_ERROR: 0xa,
  ENHANCE_YOUR_CALM: 0xb,
  INADEQUATE_SECURITY: 0xc,
  HTTP_1_1_REQUIRED: 0xd,
} as const;

export const Setting = {
  HEADER_TABLE_SIZE: 0x1,
  ENABLE_PUSH: 0x2,
  MAX_CONCURRENT_STREAMS: 0x3,
  INITIAL_WINDOW_SIZE: 0x4,
  MAX_FRAME_SIZE: 0x5,
  MAX_HEADER_LIST_SIZE: 0x6,
} as const;

export type SettingEntry = readonly [id: number, value: number];

export interface Frame {
  type: number;
  flags: number;
  streamId: number;
  payload: Buffer;
  /** The reserved bit of the stream identifier field (§4.1). */
  reserved?: boolean;
}

const names = new Map<number, string>(Object.entries(FrameType).map(([name, type]) => [type, name]));
const errorNames = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

export const frameTypeName = (type: number): string => names.get(type) ?? `unknown type 0x${type.toString(16)}`;
export const errorCodeName = (code: number): string => errorNames.get(code) ?? `unknown error 0x${code.toString(16)}`;

export function describeFrame(frame: Frame): string {
  const detail =
    frame.type === FrameType.GOAWAY && frame.payload.length >= 8
      ? ` ${errorCodeName(frame.payload.readUInt32BE(4))} last-stream=${frame.payload.readUInt32BE(0) & largestWindow}`
      : frame.type === FrameType.RST_STREAM && frame.payload.length === 4
        ? ` ${errorCodeName(frame.payload.readUInt32BE(0))}`
        : '';
  return `${frameTypeName(frame.type)} stream=${frame.streamId} flags=0x${frame.flags.toString(16)} length=${frame.payload.length}${detail}`;
}

export function encodeFrame(frame: Frame): Buffer {
  const header = Buffer.alloc(frameHeaderLength);
  header.writeUIntBE(frame.payload.length, 0, 3);
  header[3] = frame.type;
  header[4] = frame.flags;
  header.writeUInt32BE(((frame.reserved ? 0x80000000 : 0) | frame.streamId) >>> 0, 5);
  return Buffer.concat([header, frame.payload]);
}

export interface FrameHeader {
  length: number;
  type: number;
  flags: number;
  streamId: number;
  reserved: boolean;
}

export function decodeFrameHeader(header: Uint8Array): FrameHeader {
  const bytes = Buffer.from(header.buffer, header.byteOffset, header.byteLength);
  const word = bytes.readUInt32BE(5);
  return { length: bytes.readUIntBE(0, 3), type: bytes[3] ?? 0, flags: bytes[4] ?? 0, streamId: word & largestWindow, reserved: word >= 0x80000000 };
}

/** Splits complete frames off the front of `buffer`; the incomplete tail is returned as `rest`. */
export function splitFrames(buffer: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let at = 0;
  while (buffer.length - at >= frameHeaderLength) {
    const header = decodeFrameHeader(buffer.subarray(at, at + frameHeaderLength));
    if (buffer.length - at - frameHeaderLength < header.length) break;
    const start = at + frameHeaderLength;
    frames.push({ type: header.type, flags: header.flags, streamId: header.streamId, reserved: header.reserved, payload: buffer.subarray(start, start + header.length) });
    at = start + header.length;
  }
  return { frames, rest: buffer.subarray(at) };
}

// ---- payload builders, one per frame type -------------------------------------------------

const u32 = (value: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0, 0);
  return b;
};

/** Pad Length octet + content + padding (§6.1, §6.2); `padLength` undefined means no PADDED flag. */
function padded(content: Buffer, padLength: number | undefined): Buffer {
  if (padLength === undefined) return content;
  return Buffer.concat([Buffer.from([padLength]), content, Buffer.alloc(padLength)]);
}

export interface PriorityFields {
  exclusive: boolean;
  dependency: number;
  /** The weight field as sent (0–255, meaning weights 1–256). */
  weight: number;
}

const priorityPayload = ({ exclusive, dependency, weight }: PriorityFields): Buffer =>
  Buffer.concat([u32(((exclusive ? 0x80000000 : 0) | dependency) >>> 0), Buffer.from([weight])]);

export const frames = {
  data(streamId: number, data: Uint8Array, options: { endStream?: boolean; padLength?: number } = {}): Frame {
    const flags = (options.endStream ? Flag.END_STREAM : 0) | (options.padLength !== undefined ? Flag.PADDED : 0);
    return { type: FrameType.DATA, flags, streamId, payload: padded(Buffer.from(data), options.padLength) };
  },
  headers(
    streamId: number,
    block: Uint8Array,
    options: { endStream?: boolean; endHeaders?: boolean; padLength?: number; priority?: PriorityFields; extraFlags?: number } = {},
  ): Frame {
    const flags =
      (options.endStream ? Flag.END_STREAM : 0) |
      (options.endHeaders ?? true ? Flag.END_HEADERS : 0) |
      (options.padLength !== undefined ? Flag.PADDED : 0) |
      (options.priority ? Flag.PRIORITY : 0) |
      (options.extraFlags ?? 0);
    const content = options.priority ? Buffer.concat([priorityPayload(options.priority), block]) : Buffer.from(block);
    return { type: FrameType.HEADERS, flags, streamId, payload: padded(content, options.padLength) };
  },
  continuation(streamId: number, block: Uint8Array, endHeaders: boolean): Frame {
    return { type: FrameType.CONTINUATION, flags: endHeaders ? Flag.END_HEADERS : 0, streamId, payload: Buffer.from(block) };
  },
  priority(streamId: number, fields: PriorityFields): Frame {
    return { type: FrameType.PRIORITY, flags: 0, streamId, payload: priorityPayload(fields) };
  },
  rstStream(streamId: number, code: number): Frame {
    return { type: FrameType.RST_STREAM, flags: 0, streamId, payload: u32(code) };
  },
  settings(entries: readonly SettingEntry[]): Frame {
    const payload = Buffer.alloc(entries.length * 6);
    entries.forEach(([id, value], i) => {
      payload.writeUInt16BE(id, i * 6);
      payload.writeUInt32BE(value >>> 0, i * 6 + 2);
    });
    return { type: FrameType.SETTINGS, flags: 0, streamId: 0, payload };
  },
  settingsAck(): Frame {
    return { type: FrameType.SETTINGS, flags: Flag.ACK, streamId: 0, payload: Buffer.alloc(0) };
  },
  ping(data: Uint8Array, ack = false): Frame {
    return { type: FrameType.PING, flags: ack ? Flag.ACK : 0, streamId: 0, payload: Buffer.from(data) };
  },
  goaway(lastStreamId: number, code: number, debug: Uint8Array = Buffer.alloc(0)): Frame {
    return { type: FrameType.GOAWAY, flags: 0, streamId: 0, payload: Buffer.concat([u32(lastStreamId), u32(code), Buffer.from(debug)]) };
  },
  windowUpdate(streamId: number, increment: number): Frame {
    return { type: FrameType.WINDOW_UPDATE, flags: 0, streamId, payload: u32(increment) };
  },
};

// ---- payload parsers ------------------------------------------------------------------------

export function parseSettings(payload: Buffer): SettingEntry[] {
  const entries: SettingEntry[] = [];
  for (let at = 0; at + 6 <= payload.length; at += 6) entries.push([payload.readUInt16BE(at), payload.readUInt32BE(at + 2)]);
  return entries;
}

/** The error code of a GOAWAY or RST_STREAM frame, undefined if the payload is too short. */
export function frameErrorCode(frame: Frame): number | undefined {
  if (frame.type === FrameType.GOAWAY) return frame.payload.length >= 8 ? frame.payload.readUInt32BE(4) : undefined;
  if (frame.type === FrameType.RST_STREAM) return frame.payload.length >= 4 ? frame.payload.readUInt32BE(0) : undefined;
  return undefined;
}

export function goawayLastStreamId(frame: Frame): number {
  return frame.payload.length >= 4 ? frame.payload.readUInt32BE(0) & largestWindow : 0;
}

export function windowIncrement(frame: Frame): number {
  return frame.payload.length >= 4 ? frame.payload.readUInt32BE(0) & largestWindow : 0;
}

/**
 * The field block fragment (or data) of a HEADERS, PUSH_PROMISE or DATA frame, without padding
 * and priority fields; undefined when the padding does not fit (§6.1, §6.2).
 */
export function frameContent(frame: Frame): Buffer | undefined {
  let start = 0;
  let end = frame.payload.length;
  if ((frame.flags & Flag.PADDED) !== 0 && frame.type !== FrameType.CONTINUATION) {
    const padLength = frame.payload[0];
    if (padLength === undefined) return undefined;
    start = 1;
    end -= padLength;
  }
  if (frame.type === FrameType.HEADERS && (frame.flags & Flag.PRIORITY) !== 0) start += 5;
  if (frame.type === FrameType.PUSH_PROMISE) start += 4;
  if (end < start) return undefined;
  return frame.payload.subarray(start, end);
}
