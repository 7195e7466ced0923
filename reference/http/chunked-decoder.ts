import { isFieldValue, isToken } from '../../specs/http/grammar.ts';
import { RequestError } from './request-error.ts';
import type { RequestLimits } from './request-limits.ts';

/**
 * Incremental decoder of the chunked transfer coding (RFC 9112 §7.1): chunk-size in hex,
 * ignored extensions (§7.1.1), data, CRLF, a last chunk of size 0 and a trailer section
 * (§7.1.2) that is checked and dropped. Sizes are bounded before they are added up, so a huge
 * hex numeral is refused rather than wrapped (§7.1 asks recipients to guard against overflow).
 */

/** Reads a chunk-size line (without CRLF) into a size, or undefined when it is malformed. */
export type ChunkSizeReader = (line: string, maxSize: number) => number | undefined;

const chunkExtension = /^(?:[ \t]*;[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+(?:[ \t]*=[ \t]*(?:[!#$%&'*+\-.^_`|~0-9A-Za-z]+|"(?:[\t \x21\x23-\x5b\x5d-\x7e\x80-\xff]|\\[\t \x21-\x7e\x80-\xff])*"))?)*$/;

/** The strict reader: 1*HEXDIG then chunk extensions; too many significant digits is too large. */
export const readChunkSize: ChunkSizeReader = (line, maxSize) => {
  const match = /^([0-9A-Fa-f]+)(.*)$/.exec(line);
  if (!match || !chunkExtension.test(match[2] as string)) return undefined;
  const digits = (match[1] as string).replace(/^0+(?=.)/, '');
  if (digits.length > 12) return Number.POSITIVE_INFINITY;
  const size = Number.parseInt(digits, 16);
  return size > maxSize ? Number.POSITIVE_INFINITY : size;
};

type Phase = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

export class ChunkedDecoder {
  private phase: Phase = 'size';
  private remaining = 0;
  private readonly chunks: Buffer[] = [];
  private decoded = 0;
  private trailerBytes = 0;

  constructor(
    private readonly limits: RequestLimits,
    private readonly readSize: ChunkSizeReader = readChunkSize,
    private readonly acceptTrailer: (line: string) => boolean = isTrailerField,
  ) {}

  /**
   * Consumes what it can of `input` from `offset`; returns the new offset. Throws RequestError
   * on malformed framing.
   */
  feed(input: Buffer, offset: number): number {
    let at = offset;
    while (this.phase !== 'done') {
      if (this.phase === 'data') {
        const take = Math.min(this.remaining, input.length - at);
        if (take === 0) return at;
        this.chunks.push(input.subarray(at, at + take));
        at += take;
        this.remaining -= take;
        if (this.remaining === 0) this.phase = 'data-end';
        continue;
      }
      if (this.phase === 'data-end') {
        if (input.length - at < 2) return at;
        if (input[at] !== 0x0d || input[at + 1] !== 0x0a) throw new RequestError(400, 'chunk data is not followed by CRLF');
        at += 2;
        this.phase = 'size';
        continue;
      }
      const line = this.line(input, at);
      if (line === undefined) return at;
      at = line.next;
      if (this.phase === 'size') this.sizeLine(line.text);
      else this.trailerLine(line.text);
    }
    return at;
  }

  get done(): boolean {
    return this.phase === 'done';
  }

  get body(): Buffer {
    return Buffer.concat(this.chunks);
  }

  private line(input: Buffer, at: number): { text: string; next: number } | undefined {
    const lf = input.indexOf(0x0a, at);
    if (lf < 0) {
      if (input.length - at > this.limits.chunkLineBytes) throw new RequestError(400, 'chunk-size or trailer line too long');
      return undefined;
    }
    if (lf - at > this.limits.chunkLineBytes) throw new RequestError(400, 'chunk-size or trailer line too long');
    if (lf === at || input[lf - 1] !== 0x0d) throw new RequestError(400, 'chunked framing line not ended by CRLF');
    const text = input.subarray(at, lf - 1).toString('latin1');
    if (text.includes('\r')) throw new RequestError(400, 'bare CR in chunked framing');
    return { text, next: lf + 1 };
  }

  private sizeLine(text: string): void {
    const size = this.readSize(text, this.limits.bodyBytes);
    if (size === undefined) throw new RequestError(400, 'malformed chunk-size line');
    if (!Number.isFinite(size) || this.decoded + size > this.limits.bodyBytes) throw new RequestError(413, 'chunked body too large');
    this.decoded += size;
    if (size === 0) {
      this.phase = 'trailer';
      return;
    }
    this.remaining = size;
    this.phase = 'data';
  }

  private trailerLine(text: string): void {
    if (text === '') {
      this.phase = 'done';
      return;
    }
    this.trailerBytes += text.length + 2;
    if (this.trailerBytes > this.limits.chunkLineBytes) throw new RequestError(431, 'trailer section too large');
    if (!this.acceptTrailer(text)) throw new RequestError(400, 'malformed trailer field');
  }
}

/** A trailer line is a field line like any in the header section (RFC 9112 §7.1.2). */
function isTrailerField(line: string): boolean {
  const colon = line.indexOf(':');
  return colon > 0 && isToken(line.slice(0, colon)) && isFieldValue(line.slice(colon + 1));
}
