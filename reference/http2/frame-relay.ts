import { ErrorCode, type Frame, connectionPreface, decodeFrameHeader, encodeFrame, frameHeaderLength, frames, splitFrames } from '../../specs/http2/frame.ts';

/**
 * The longest client frame the relay will buffer. The reference announces the default 16384;
 * a larger frame is still read whole (up to this bound) so nghttp2, or a planted fault, sees it,
 * but a header announcing more is answered at once instead of buffering megabytes.
 */
const largestBufferedFrame = 64 * 1024;

/** What a tap may do besides passing frames on. */
export interface RelayControl {
  /** Sends frames to the client now (between whole frames of the server's output). */
  toClient(toSend: Frame[]): void;
  /** Ends the connection with GOAWAY(code): nothing more reaches the server. */
  fail(code: number, lastStreamId: number, reason: string): void;
  /** Closes the connection once the server frames now being relayed are written. */
  closeAfterOutput(): void;
  /**
   * Planted-fault hook (fixtures/http2/mutants): the connection stays open after a GOAWAY for an
   * error. The reference never calls it.
   */
  keepOpenAfterGoaway(): void;
}

/**
 * Sees the frames of one connection on their way between the client and nghttp2, and returns
 * the frames to pass on. The reference's own checks are one tap; a planted-bug server adds
 * another (fixtures/http2/mutants).
 */
export interface FrameTap {
  fromClient?(frame: Frame, control: RelayControl): Frame[];
  fromServer?(frame: Frame, control: RelayControl): Frame[];
}

/**
 * Splits both directions of an h2c connection into whole frames and runs them through taps:
 * client frames through `taps` in order, server frames in reverse order. The 24-octet magic
 * passes untouched; if it is wrong, nothing is parsed and nghttp2 refuses the connection.
 */
export class FrameRelay {
  private inbound: Buffer = Buffer.alloc(0);
  private outbound: Buffer = Buffer.alloc(0);
  private sawMagic = false;
  private raw = false;
  private failed = false;
  private closeRequested = false;
  private keepOpen = false;
  private readonly control: RelayControl;

  constructor(
    private readonly taps: FrameTap[],
    private readonly writeToClient: (bytes: Buffer) => void,
    private readonly endClient: () => void,
  ) {
    this.control = {
      toClient: (toSend) => this.writeToClient(Buffer.concat(toSend.map(encodeFrame))),
      fail: (code, lastStreamId, reason) => {
        if (this.failed) return;
        this.failed = true;
        // The GOAWAY goes out as if nghttp2 had sent it, through the taps of the server side.
        this.writeToClient(this.throughServerTaps([frames.goaway(lastStreamId, code, Buffer.from(reason))]));
        if (!this.keepOpen) this.endClient();
      },
      closeAfterOutput: () => {
        this.closeRequested = true;
      },
      keepOpenAfterGoaway: () => {
        this.keepOpen = true;
      },
    };
  }

  /** Client octets in; the octets nghttp2 should see out. */
  clientBytes(chunk: Buffer): Buffer {
    if (this.failed) return Buffer.alloc(0);
    if (this.raw) return chunk;
    this.inbound = Buffer.concat([this.inbound, chunk]);
    const out: Buffer[] = [];
    if (!this.sawMagic) {
      if (this.inbound.length < connectionPreface.length) return Buffer.alloc(0);
      const magic = this.inbound.subarray(0, connectionPreface.length);
      this.inbound = this.inbound.subarray(connectionPreface.length);
      this.sawMagic = true;
      out.push(magic);
      if (!magic.equals(connectionPreface)) {
        this.raw = true;
        return Buffer.concat([magic, this.inbound]);
      }
    }
    const { frames: complete, rest } = splitFrames(this.inbound);
    this.inbound = rest;
    if (rest.length >= frameHeaderLength && decodeFrameHeader(rest.subarray(0, frameHeaderLength)).length > largestBufferedFrame) {
      this.control.fail(ErrorCode.FRAME_SIZE_ERROR, 0, 'frame too large');
      return Buffer.alloc(0);
    }
    for (const frame of complete) {
      let passed: Frame[] = [frame];
      for (const tap of this.taps) passed = passed.flatMap((f) => (this.failed ? [] : (tap.fromClient?.(f, this.control) ?? [f])));
      if (this.failed) break;
      out.push(...passed.map(encodeFrame));
    }
    return Buffer.concat(out);
  }

  /** nghttp2's octets in; the octets the client should see out (whole frames only). */
  serverBytes(chunk: Buffer): Buffer {
    if (this.failed) return Buffer.alloc(0);
    this.outbound = Buffer.concat([this.outbound, chunk]);
    const { frames: complete, rest } = splitFrames(this.outbound);
    this.outbound = rest;
    return this.throughServerTaps(complete);
  }

  /** True once the connection must close after the server output just relayed. */
  get closing(): boolean {
    return this.closeRequested && !this.keepOpen;
  }

  private throughServerTaps(fromServer: Frame[]): Buffer {
    let passed = fromServer;
    for (const tap of [...this.taps].reverse()) passed = passed.flatMap((f) => tap.fromServer?.(f, this.control) ?? [f]);
    return Buffer.concat(passed.map(encodeFrame));
  }
}
