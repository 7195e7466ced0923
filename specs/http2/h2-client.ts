import { ConnectionClosed, NoReply } from '../../harness/core/errors.ts';
import { violation } from '../../harness/core/expect.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import {
  ErrorCode,
  Flag,
  type Frame,
  FrameType,
  type SettingEntry,
  Setting,
  connectionPreface,
  decodeFrameHeader,
  describeFrame,
  encodeFrame,
  errorCodeName,
  frameContent,
  frameErrorCode,
  frameHeaderLength,
  frames,
  parseSettings,
} from './frame.ts';
import { type DecodedField, HpackDecoder } from './hpack/decoder.ts';
import { HpackEncoder } from './hpack/encoder.ts';
import { HpackDecodingError } from './hpack/errors.ts';
import type { HeaderField } from './hpack/static-table.ts';

export interface Response {
  status: string;
  fields: DecodedField[];
  body: Buffer;
  /** Every frame of the response's stream, in order of arrival. */
  frames: Frame[];
}

export interface ClientOptions {
  /** The SETTINGS of the client preface (empty unless given). */
  settings?: readonly SettingEntry[];
  /** Bytes sent instead of the 24-octet magic (for preface rules). */
  magic?: Uint8Array;
}

/** How the target ended up answering a frame that calls for an error. */
export type ErrorOutcome = { kind: 'goaway' | 'rst'; code: number; frame: Frame } | { kind: 'closed' } | { kind: 'response'; status: string };

/** The first octets of the harness's own PING payloads, so they can be told from generated ones. */
export const probePrefix = 'probe:';

/** How long to go on listening for an error after the target has already answered a later PING. */
const graceAfterProbeMs = 150;

/**
 * The harness's side of an HTTP/2 connection, spoken in raw frames: every frame is built and
 * read by the spec's own codec, so a rule can send anything, valid or not. Reads go through the
 * run's TcpConnection, so each has a deadline and a byte cap.
 */
export class H2Client {
  readonly encoder = new HpackEncoder();
  readonly decoder: HpackDecoder;
  /** Every frame received, in order. */
  readonly received: Frame[] = [];
  /** The SETTINGS values the target announced, in order (later values win). */
  serverSettings: SettingEntry[] = [];
  private nextStream = 1;
  private probes = 0;

  private constructor(
    readonly io: RunIO,
    readonly connection: TcpConnection,
    headerTableSize: number,
  ) {
    this.decoder = new HpackDecoder(headerTableSize);
  }

  /** Connects and sends the client preface: the magic, then one SETTINGS frame. */
  static async open(io: RunIO, options: ClientOptions = {}): Promise<H2Client> {
    const connection = await io.tcp();
    const settings = options.settings ?? [];
    const tableSize = [...settings].reverse().find(([id]) => id === Setting.HEADER_TABLE_SIZE)?.[1] ?? 4096;
    const client = new H2Client(io, connection, tableSize);
    io.step(`connect; send the preface${options.magic ? ' (altered magic)' : ''} and SETTINGS ${JSON.stringify(settings)}`);
    await connection.write(Buffer.concat([Buffer.from(options.magic ?? connectionPreface), encodeFrame(frames.settings(settings))]));
    return client;
  }

  /** Connects, sends the preface and waits for the target's SETTINGS, which it acknowledges. */
  static async start(io: RunIO, options: ClientOptions = {}): Promise<H2Client> {
    const client = await H2Client.open(io, options);
    await client.awaitServerSettings();
    return client;
  }

  /** Wraps a connection already switched to HTTP/2 (after an Upgrade). */
  static adopt(io: RunIO, connection: TcpConnection): H2Client {
    const client = new H2Client(io, connection, 4096);
    client.nextStream = 3;
    return client;
  }

  /** Reads until the target's first non-ACK SETTINGS frame and acknowledges it. */
  async awaitServerSettings(): Promise<Frame> {
    for (;;) {
      const frame = await this.readFrame('the server preface (SETTINGS)');
      if (frame.type === FrameType.SETTINGS && (frame.flags & Flag.ACK) === 0) {
        await this.acceptSettings(frame);
        return frame;
      }
    }
  }

  /** The next unused client stream identifier (odd, increasing). */
  newStreamId(): number {
    const id = this.nextStream;
    this.nextStream += 2;
    return id;
  }

  /** Marks identifiers below `id` as used, for rules that pick their own. */
  skipStreamsBelow(id: number): void {
    this.nextStream = Math.max(this.nextStream, id % 2 === 1 ? id + 2 : id + 1);
  }

  get authority(): string {
    return `${this.io.target.host.includes(':') ? `[${this.io.target.host}]` : this.io.target.host}:${this.io.target.port}`;
  }

  /** The fields of a plain GET request, pseudo-header fields first. */
  requestFields(path = '/', extra: readonly HeaderField[] = [], method = 'GET'): HeaderField[] {
    return [[':method', method], [':scheme', 'http'], [':authority', this.authority], [':path', path], ...extra];
  }

  /** A GET on a new stream cut in two at `cut`: HEADERS without END_HEADERS, and the CONTINUATION ending it. */
  splitRequest(cut: number): { streamId: number; headers: Frame; continuation: Frame } {
    const streamId = this.newStreamId();
    const block = this.encoder.encode(this.requestFields());
    const at = 1 + (cut % (block.length - 1));
    return {
      streamId,
      headers: frames.headers(streamId, block.subarray(0, at), { endStream: true, endHeaders: false }),
      continuation: frames.continuation(streamId, block.subarray(at), true),
    };
  }

  async send(...toSend: Frame[]): Promise<void> {
    this.io.step(`send ${toSend.map(describeFrame).join('; ')}`);
    await this.connection.write(Buffer.concat(toSend.map(encodeFrame)));
  }

  async sendRaw(bytes: Uint8Array, description: string): Promise<void> {
    this.io.step(`send ${description}`);
    await this.connection.write(bytes);
  }

  /** Sends a complete request header block in one HEADERS frame. */
  async request(streamId: number, fields: readonly HeaderField[], endStream = true): Promise<void> {
    await this.send(frames.headers(streamId, this.encoder.encode(fields), { endStream }));
  }

  /** Sends a GET for `path` on a new stream and reads the response. */
  async get(path = '/', extra: readonly HeaderField[] = []): Promise<Response> {
    const streamId = this.newStreamId();
    await this.request(streamId, this.requestFields(path, extra));
    return this.readResponse(streamId);
  }

  /** Reads one frame: the 9-octet header, then exactly its payload (the length is the cap). */
  async readFrame(what = 'a frame', timeoutMs?: number): Promise<Frame> {
    const options = timeoutMs === undefined ? {} : { timeoutMs };
    const header = decodeFrameHeader(await this.connection.readExactly(frameHeaderLength, `${what}: frame header`, options));
    const payload = header.length === 0 ? Buffer.alloc(0) : await this.connection.readExactly(header.length, `${what}: ${header.length}-octet payload`, options);
    const frame: Frame = { type: header.type, flags: header.flags, streamId: header.streamId, reserved: header.reserved, payload };
    this.received.push(frame);
    return frame;
  }

  /** Records the target's SETTINGS and acknowledges them, as §6.5.3 asks of the harness too. */
  async acceptSettings(frame: Frame): Promise<void> {
    this.serverSettings.push(...parseSettings(frame.payload));
    await this.connection.write(encodeFrame(frames.settingsAck()));
  }

  /** The target's announced value of a setting, or the protocol's initial value. */
  serverSetting(id: number, initial: number): number {
    return [...this.serverSettings].reverse().find(([setting]) => setting === id)?.[1] ?? initial;
  }

  /** Reads the rest of a field block (CONTINUATION frames) and decodes it with the shared HPACK state. */
  async readFieldBlock(first: Frame): Promise<DecodedField[]> {
    const parts = [frameContent(first) ?? violation(`the target sent a ${describeFrame(first)} whose padding exceeds its payload`)];
    let last = first;
    while ((last.flags & Flag.END_HEADERS) === 0) {
      last = await this.readFrame('a CONTINUATION frame');
      if (last.type !== FrameType.CONTINUATION || last.streamId !== first.streamId) {
        violation(`the target interleaved ${describeFrame(last)} inside a field block`, 'CONTINUATION on the same stream', describeFrame(last));
      }
      parts.push(last.payload);
    }
    try {
      return this.decoder.decode(Buffer.concat(parts));
    } catch (error) {
      if (error instanceof HpackDecodingError) violation(`the target's field block cannot be decoded: ${error.message}`);
      throw error;
    }
  }

  /** Answers what the connection requires (SETTINGS, PING) and decodes field blocks of other streams. */
  async serviceFrame(frame: Frame): Promise<void> {
    if (frame.type === FrameType.SETTINGS && (frame.flags & Flag.ACK) === 0) await this.acceptSettings(frame);
    else if (frame.type === FrameType.PING && (frame.flags & Flag.ACK) === 0) await this.connection.write(encodeFrame(frames.ping(frame.payload, true)));
    else if (frame.type === FrameType.HEADERS || frame.type === FrameType.PUSH_PROMISE) await this.readFieldBlock(frame);
  }

  /**
   * Reads the response on `streamId`: informational responses are skipped, DATA is gathered and,
   * unless `replenish` is false, the windows are opened again as data arrives.
   */
  async readResponse(streamId: number, options: { replenish?: boolean } = {}): Promise<Response> {
    const replenish = options.replenish ?? true;
    const streamFrames: Frame[] = [];
    const body: Buffer[] = [];
    let fields: DecodedField[] | undefined;
    for (;;) {
      const frame = await this.readFrame(`the response on stream ${streamId}`);
      if (frame.type === FrameType.GOAWAY) violation(`the target sent ${describeFrame(frame)} instead of answering stream ${streamId}`);
      if (frame.streamId !== streamId) {
        await this.serviceFrame(frame);
        continue;
      }
      streamFrames.push(frame);
      if (frame.type === FrameType.RST_STREAM) violation(`the target reset stream ${streamId} (${describeFrame(frame)}) instead of answering it`);
      if (frame.type === FrameType.HEADERS) {
        const block = await this.readFieldBlock(frame);
        const status = block.find((f) => f.name === ':status')?.value ?? '';
        if (fields === undefined && /^1\d\d$/.test(status)) continue;
        fields ??= block;
      } else if (frame.type === FrameType.DATA) {
        const content = frameContent(frame) ?? violation(`the target sent ${describeFrame(frame)} whose padding exceeds its payload`);
        body.push(content);
        if (replenish && frame.payload.length > 0 && (frame.flags & Flag.END_STREAM) === 0) {
          await this.connection.write(
            Buffer.concat([encodeFrame(frames.windowUpdate(0, frame.payload.length)), encodeFrame(frames.windowUpdate(streamId, frame.payload.length))]),
          );
        } else if (replenish && frame.payload.length > 0) {
          await this.connection.write(encodeFrame(frames.windowUpdate(0, frame.payload.length)));
        }
      }
      if ((frame.flags & Flag.END_STREAM) !== 0 && (frame.type === FrameType.DATA || frame.type === FrameType.HEADERS)) break;
    }
    if (!fields) violation(`stream ${streamId} ended without a response field block`);
    return { status: fields.find((f) => f.name === ':status')?.value ?? '', fields, body: Buffer.concat(body), frames: streamFrames };
  }

  /** Reads (and answers) whatever arrives during `ms`, for checks on what a server sends late. */
  async listenFor(ms: number): Promise<void> {
    const until = Date.now() + ms;
    for (let left = ms; left > 0; left = until - Date.now()) {
      try {
        await this.serviceFrame(await this.readFrame('any late frame', left));
      } catch (error) {
        if (error instanceof NoReply) return;
        throw error;
      }
    }
  }

  /** Sends a PING with a fresh payload ("probe:" and a counter) and returns the payload. */
  async sendProbe(): Promise<Buffer> {
    const payload = Buffer.alloc(8);
    payload.write(probePrefix, 'latin1');
    payload.writeUInt16BE(this.probes++ & 0xffff, 6);
    await this.send(frames.ping(payload));
    return payload;
  }

  /** Proves the connection still works: a PING is answered with its ACK, and no GOAWAY comes first. */
  async expectAlive(what: string): Promise<void> {
    const payload = await this.sendProbe();
    for (;;) {
      const frame = await this.readFrame(`the PING ACK that shows ${what}`);
      if (frame.type === FrameType.GOAWAY) violation(`${what}, but the target sent ${describeFrame(frame)}`, 'the connection stays open', describeFrame(frame));
      if (frame.type === FrameType.PING && (frame.flags & Flag.ACK) !== 0 && frame.payload.equals(payload)) return;
      await this.serviceFrame(frame);
    }
  }

  /**
   * Waits for the target's reaction to an error: GOAWAY, RST_STREAM, a response, or the close of
   * the connection. A probe PING sent after the offending frames tells a target that carried on
   * from one still deciding: its ACK ends the wait (after a short grace for frames queued apart).
   */
  async awaitErrorOutcome(streamId: number | undefined, probe: Buffer | undefined, responsesCount = false): Promise<ErrorOutcome | { kind: 'ignored' }> {
    let deadline: number | undefined;
    try {
      for (;;) {
        const left = deadline === undefined ? undefined : deadline - Date.now();
        if (left !== undefined && left <= 0) return { kind: 'ignored' };
        let frame: Frame;
        try {
          frame = await this.readFrame('the reaction to the error', left);
        } catch (error) {
          if (deadline !== undefined && !(error instanceof ConnectionClosed)) return { kind: 'ignored' };
          throw error;
        }
        if (frame.type === FrameType.GOAWAY) return { kind: 'goaway', code: frameErrorCode(frame) ?? -1, frame };
        if (frame.type === FrameType.RST_STREAM && streamId !== undefined && frame.streamId === streamId) {
          return { kind: 'rst', code: frameErrorCode(frame) ?? -1, frame };
        }
        if (responsesCount && frame.type === FrameType.HEADERS && streamId !== undefined && frame.streamId === streamId) {
          const block = await this.readFieldBlock(frame);
          const status = block.find((f) => f.name === ':status')?.value ?? '';
          if (!/^1\d\d$/.test(status)) return { kind: 'response', status };
          continue;
        }
        if (probe && frame.type === FrameType.PING && (frame.flags & Flag.ACK) !== 0 && frame.payload.equals(probe)) {
          if (streamId === undefined) return { kind: 'ignored' };
          deadline = Date.now() + graceAfterProbeMs;
          continue;
        }
        await this.serviceFrame(frame);
      }
    } catch (error) {
      if (error instanceof ConnectionClosed) return { kind: 'closed' };
      throw error;
    }
  }

  /**
   * Expects a connection error (RFC 9113 §5.4.1) of one of `codes`: a GOAWAY with that code, or
   * the connection closed. Sends a probe PING first unless `probe` is false (inside a field
   * block, a PING would itself be an error).
   */
  async expectConnectionError(codes: readonly number[], what: string, probe = true): Promise<ErrorOutcome> {
    const payload = probe ? await this.sendProbe() : undefined;
    const outcome = await this.awaitErrorOutcome(undefined, payload);
    const expected = `GOAWAY with ${codes.map(errorCodeName).join(' or ')} (or the connection closed)`;
    if (outcome.kind === 'ignored') violation(`${what}: the target carried on (it answered a later PING) instead of a connection error`, expected, 'PING ACK');
    if (outcome.kind === 'goaway' && !codes.includes(outcome.code)) violation(`${what}: GOAWAY carries ${errorCodeName(outcome.code)}`, expected, describeFrame(outcome.frame));
    return outcome;
  }

  /**
   * Expects a stream error (§5.4.2) on `streamId` of one of `codes`: RST_STREAM with that code, or
   * the stronger connection error with it. A response on the stream is taken as the target's
   * verdict only when `allowStatus` is given (a malformed request, §8.1.1, may be answered with
   * 400); otherwise it may be the answer to the valid request that came before the error.
   */
  async expectStreamError(streamId: number, codes: readonly number[], what: string, allowStatus?: readonly string[]): Promise<ErrorOutcome> {
    const payload = await this.sendProbe();
    const outcome = await this.awaitErrorOutcome(streamId, payload, allowStatus !== undefined);
    const expected = `RST_STREAM or GOAWAY with ${codes.map(errorCodeName).join(' or ')}${allowStatus ? ` (or a ${allowStatus.join('/')} response)` : ''}`;
    switch (outcome.kind) {
      case 'ignored':
        return violation(`${what}: the target neither reset stream ${streamId} nor closed the connection`, expected, 'no error');
      case 'response':
        if (!allowStatus?.includes(outcome.status)) violation(`${what}: the target answered with status ${outcome.status}`, expected, `:status ${outcome.status}`);
        return outcome;
      case 'goaway':
      case 'rst':
        if (!codes.includes(outcome.code)) violation(`${what}: ${describeFrame(outcome.frame)}`, expected, describeFrame(outcome.frame));
        return outcome;
      case 'closed':
        return outcome;
    }
  }

  /** A malformed request (§8.1.1) is a stream error of type PROTOCOL_ERROR; a 400 response also does. */
  expectMalformed(streamId: number, what: string): Promise<ErrorOutcome> {
    return this.expectStreamError(streamId, [ErrorCode.PROTOCOL_ERROR], what, ['400']);
  }
}
