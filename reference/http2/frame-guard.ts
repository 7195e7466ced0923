import {
  ErrorCode,
  Flag,
  type Frame,
  FrameType,
  Setting,
  defaultMaxFrameSize,
  defaultWindow,
  frameContent,
  frameErrorCode,
  frames,
  largestMaxFrameSize,
  largestWindow,
  parseSettings,
  windowIncrement,
} from '../../specs/http2/frame.ts';
import { HpackDecoder } from '../../specs/http2/hpack/decoder.ts';
import { HpackDecodingError } from '../../specs/http2/hpack/errors.ts';
import { invalidField } from './field-validity.ts';
import type { FrameTap, RelayControl } from './frame-relay.ts';

const connectionFrames: ReadonlySet<number> = new Set([FrameType.SETTINGS, FrameType.PING, FrameType.GOAWAY]);
const streamFrames: ReadonlySet<number> = new Set([FrameType.DATA, FrameType.HEADERS, FrameType.PRIORITY, FrameType.RST_STREAM, FrameType.CONTINUATION]);

/**
 * The reference's own frame checks, in front of nghttp2. node:http2 turns many connection
 * errors nghttp2 detects into GOAWAY(INTERNAL_ERROR), keeps the socket open after a GOAWAY,
 * closes on an unsolicited PING ACK, and lets fields §8.2.1 forbids through silently. This tap
 * answers those cases itself with the code RFC 9113 names, and keeps a strict HPACK decoder in
 * step with nghttp2's (same input, same state) to see the decoded fields.
 */
export class FrameGuard implements FrameTap {
  private readonly decoder = new HpackDecoder();
  private highestStream = 0;
  /** The connection window of the server's sending side, as the client's WINDOW_UPDATEs grow it. */
  private sendWindow = defaultWindow;
  private openBlock: Frame[] | undefined;
  private sawSettings = false;
  /** Client streams opened and not yet ended by the client (trailers may still come). */
  private readonly openFromClient = new Set<number>();
  /** Client streams the client ended (END_STREAM) or reset: any DATA or HEADERS is an error. */
  private readonly endedByClient = new Set<number>();

  fromClient(frame: Frame, control: RelayControl): Frame[] {
    const fail = (code: number, reason: string): Frame[] => {
      control.fail(code, this.highestStream, reason);
      return [];
    };
    if (!this.sawSettings && frame.type !== FrameType.SETTINGS) return fail(ErrorCode.PROTOCOL_ERROR, 'the client preface must start with SETTINGS');
    this.sawSettings = true;
    if (this.openBlock && frame.type !== FrameType.CONTINUATION) return fail(ErrorCode.PROTOCOL_ERROR, 'field block interrupted');
    if (connectionFrames.has(frame.type) && frame.streamId !== 0) return fail(ErrorCode.PROTOCOL_ERROR, 'connection frame on a stream');
    if (streamFrames.has(frame.type) && frame.streamId === 0) return fail(ErrorCode.PROTOCOL_ERROR, 'stream frame on stream 0');
    switch (frame.type) {
      case FrameType.SETTINGS:
        return this.checkSettings(frame, fail);
      case FrameType.PING:
        if (frame.payload.length !== 8) return fail(ErrorCode.FRAME_SIZE_ERROR, 'PING length');
        // The server never sends PING, so an ACK is unsolicited: ignored (RFC 9113 §6.7).
        return (frame.flags & Flag.ACK) !== 0 ? [] : [frame];
      case FrameType.PUSH_PROMISE:
        return fail(ErrorCode.PROTOCOL_ERROR, 'PUSH_PROMISE from a client');
      case FrameType.RST_STREAM:
        if (frame.payload.length !== 4) return fail(ErrorCode.FRAME_SIZE_ERROR, 'RST_STREAM length');
        if (this.isIdle(frame.streamId)) return fail(ErrorCode.PROTOCOL_ERROR, 'RST_STREAM on an idle stream');
        this.endStream(frame.streamId);
        return [frame];
      case FrameType.DATA:
        if (this.endedByClient.has(frame.streamId)) {
          control.toClient([frames.rstStream(frame.streamId, ErrorCode.STREAM_CLOSED)]);
          return [];
        }
        if ((frame.flags & Flag.END_STREAM) !== 0) this.endStream(frame.streamId);
        return [frame];
      case FrameType.WINDOW_UPDATE:
        return this.checkWindowUpdate(frame, control, fail);
      case FrameType.HEADERS:
      case FrameType.CONTINUATION:
        return this.gatherFieldBlock(frame, control, fail);
      default:
        return [frame];
    }
  }

  fromServer(frame: Frame, control: RelayControl): Frame[] {
    if (frame.type === FrameType.DATA) this.sendWindow -= frame.payload.length;
    if (frame.type === FrameType.GOAWAY && frameErrorCode(frame) !== ErrorCode.NO_ERROR) control.closeAfterOutput();
    return [frame];
  }

  /** Remembers that the client ended a stream; the sets stay bounded on long connections. */
  private endStream(streamId: number): void {
    this.openFromClient.delete(streamId);
    this.endedByClient.add(streamId);
    if (this.endedByClient.size > 10_000) this.endedByClient.delete(this.endedByClient.values().next().value as number);
  }

  private isIdle(streamId: number): boolean {
    return streamId % 2 === 0 ? true : streamId > this.highestStream;
  }

  private checkSettings(frame: Frame, fail: (code: number, reason: string) => Frame[]): Frame[] {
    if ((frame.flags & Flag.ACK) !== 0) return frame.payload.length === 0 ? [frame] : fail(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS ACK with payload');
    if (frame.payload.length % 6 !== 0) return fail(ErrorCode.FRAME_SIZE_ERROR, 'SETTINGS length');
    for (const [id, value] of parseSettings(frame.payload)) {
      if (id === Setting.ENABLE_PUSH && value > 1) return fail(ErrorCode.PROTOCOL_ERROR, 'ENABLE_PUSH');
      if (id === Setting.INITIAL_WINDOW_SIZE && value > largestWindow) return fail(ErrorCode.FLOW_CONTROL_ERROR, 'INITIAL_WINDOW_SIZE');
      if (id === Setting.MAX_FRAME_SIZE && (value < defaultMaxFrameSize || value > largestMaxFrameSize)) return fail(ErrorCode.PROTOCOL_ERROR, 'MAX_FRAME_SIZE');
    }
    return [frame];
  }

  private checkWindowUpdate(frame: Frame, control: RelayControl, fail: (code: number, reason: string) => Frame[]): Frame[] {
    if (frame.payload.length !== 4) return fail(ErrorCode.FRAME_SIZE_ERROR, 'WINDOW_UPDATE length');
    const increment = windowIncrement(frame);
    if (frame.streamId === 0) {
      if (increment === 0) return fail(ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE of 0');
      this.sendWindow += increment;
      if (this.sendWindow > largestWindow) return fail(ErrorCode.FLOW_CONTROL_ERROR, 'connection window overflow');
      return [frame];
    }
    if (this.isIdle(frame.streamId)) return fail(ErrorCode.PROTOCOL_ERROR, 'WINDOW_UPDATE on an idle stream');
    if (increment === 0) return this.resetStream(frame.streamId, control);
    return [frame];
  }

  /** A stream error: RST_STREAM(PROTOCOL_ERROR) to the client, and nghttp2 told the stream is gone. */
  private resetStream(streamId: number, control: RelayControl, passed: Frame[] = []): Frame[] {
    control.toClient([frames.rstStream(streamId, ErrorCode.PROTOCOL_ERROR)]);
    return [...passed, frames.rstStream(streamId, ErrorCode.CANCEL)];
  }

  private gatherFieldBlock(frame: Frame, control: RelayControl, fail: (code: number, reason: string) => Frame[]): Frame[] {
    if (frame.type === FrameType.CONTINUATION) {
      if (!this.openBlock || this.openBlock[0]?.streamId !== frame.streamId) return fail(ErrorCode.PROTOCOL_ERROR, 'unexpected CONTINUATION');
      this.openBlock.push(frame);
    } else {
      const streamId = frame.streamId;
      if (streamId % 2 === 0) return fail(ErrorCode.PROTOCOL_ERROR, 'a client opened an even-numbered stream');
      if (this.endedByClient.has(streamId)) return fail(ErrorCode.STREAM_CLOSED, 'HEADERS on a stream the client ended');
      if (streamId <= this.highestStream && !this.openFromClient.has(streamId)) return fail(ErrorCode.PROTOCOL_ERROR, 'stream identifier reused or decreasing');
      if (streamId > this.highestStream) {
        this.highestStream = streamId;
        this.openFromClient.add(streamId);
        if (this.openFromClient.size > 10_000) this.openFromClient.delete(this.openFromClient.values().next().value as number);
      }
      this.openBlock = [frame];
    }
    if ((frame.flags & Flag.END_HEADERS) === 0) return [];
    const block = this.openBlock;
    this.openBlock = undefined;
    const first = block[0] as Frame;
    if ((first.flags & Flag.END_STREAM) !== 0) this.endStream(first.streamId);
    const fragments = block.map((f) => (f === first ? frameContent(f) : f.payload));
    // Frames nghttp2 refuses on their own (oversized, bad padding) go to it undecoded.
    if (fragments.some((f) => f === undefined) || block.some((f) => f.payload.length > defaultMaxFrameSize)) return block;
    let fields;
    try {
      fields = this.decoder.decode(Buffer.concat(fragments as Buffer[]));
    } catch (error) {
      if (error instanceof HpackDecodingError) return fail(ErrorCode.COMPRESSION_ERROR, error.message);
      throw error;
    }
    const invalid = fields.map((f) => invalidField(f.name, f.value)).find((reason) => reason !== undefined);
    return invalid ? this.resetStream(first.streamId, control, block) : block;
  }
}
