import { ChunkedDecoder, type ChunkSizeReader } from './chunked-decoder.ts';
import { RequestError } from './request-error.ts';
import { type HeadRewriter, type RequestHead, findHeadEnd, parseHead } from './request-head.ts';
import type { RequestLimits } from './request-limits.ts';

export interface HttpRequest extends RequestHead {
  body: Buffer;
}

export type ReadStep = { kind: 'incomplete' } | { kind: 'request'; request: HttpRequest } | { kind: 'error'; error: RequestError };

/** The planted-bug servers' hooks into parsing; the reference leaves both unset. */
export interface ParserHooks {
  rewriteHead?: HeadRewriter;
  readChunkSize?: ChunkSizeReader;
  /** Replaces the search for the end of the header section (see findHeadEnd). */
  findHeadEnd?: typeof findHeadEnd;
  /** How many empty lines before a request-line are skipped (the reference: 4). */
  leadingEmptyLines?: number;
  /** Judges a trailer field line of a chunked body (the reference: any valid field line). */
  acceptTrailerLine?: (line: string) => boolean;
}

/** Empty lines before a request-line that are skipped (RFC 9112 §2.2 asks for at least one). */
const leadingEmptyLinesAllowed = 4;

/**
 * Turns the bytes of one connection into requests, one at a time and in order: the head, then
 * the body its framing announces. Bytes after a request stay buffered for the next (pipelining).
 */
export class RequestReader {
  private buffer: Buffer = Buffer.alloc(0);
  private head: RequestHead | undefined;
  private headEnd = 0;
  private chunked: ChunkedDecoder | undefined;
  private chunkedOffset = 0;

  constructor(
    private readonly limits: RequestLimits,
    private readonly hooks: ParserHooks = {},
  ) {}

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  /** Bytes received and not yet consumed by a complete request. */
  get buffered(): number {
    return this.buffer.length;
  }

  next(): ReadStep {
    try {
      if (!this.head && !this.readHead()) return { kind: 'incomplete' };
      const body = this.readBody();
      if (!body) return { kind: 'incomplete' };
      const request = { ...(this.head as RequestHead), body: body.bytes };
      this.buffer = this.buffer.subarray(body.end);
      this.head = undefined;
      this.chunked = undefined;
      return { kind: 'request', request };
    } catch (error) {
      if (error instanceof RequestError) return { kind: 'error', error };
      throw error;
    }
  }

  private readHead(): boolean {
    let start = 0;
    const skippable = this.hooks.leadingEmptyLines ?? leadingEmptyLinesAllowed;
    for (let i = 0; i < skippable && this.buffer[start] === 0x0d && this.buffer[start + 1] === 0x0a; i++) start += 2;
    if (this.buffer.length - start < 2 && this.buffer[start] === 0x0d) return false;
    const end = (this.hooks.findHeadEnd ?? findHeadEnd)(this.buffer, start, this.limits);
    if (end === undefined) return false;
    let text = this.buffer.subarray(start, end).toString('latin1').replace(/(?:\r\n)+$/, '');
    if (this.hooks.rewriteHead) text = this.hooks.rewriteHead(text);
    this.head = parseHead(text, this.limits);
    this.headEnd = end;
    if (this.head.framing.kind === 'chunked') {
      this.chunked = new ChunkedDecoder(this.limits, this.hooks.readChunkSize, this.hooks.acceptTrailerLine);
      this.chunkedOffset = end;
    }
    return true;
  }

  private readBody(): { bytes: Buffer; end: number } | undefined {
    const framing = (this.head as RequestHead).framing;
    if (framing.kind === 'none') return { bytes: Buffer.alloc(0), end: this.headEnd };
    if (framing.kind === 'length') {
      const end = this.headEnd + framing.length;
      return this.buffer.length >= end ? { bytes: Buffer.from(this.buffer.subarray(this.headEnd, end)), end } : undefined;
    }
    const decoder = this.chunked as ChunkedDecoder;
    this.chunkedOffset = decoder.feed(this.buffer, this.chunkedOffset);
    return decoder.done ? { bytes: decoder.body, end: this.chunkedOffset } : undefined;
  }
}
