import { randomBytes } from 'node:crypto';
import type { HttpResponse } from '../http/response.ts';

/**
 * Range requests for a static representation (RFC 9110 §14): the Range field is honoured on GET
 * only, for the `bytes` unit, when syntactically valid and when If-Range (if any) matches; one
 * satisfiable range gives 206 with Content-Range (§15.3.7.1), several give multipart/byteranges
 * (§15.3.7.2), none gives 416 with the unsatisfied-range form of Content-Range (§14.4, §15.5.17).
 */

export interface ByteRange {
  first: number;
  last: number;
}

/** Parses `bytes=…` against a length: undefined when the field must be ignored, [] when none is satisfiable. */
export function parseByteRanges(value: string, length: number): ByteRange[] | undefined {
  const match = /^bytes=(.+)$/i.exec(value.trim());
  if (!match) return undefined;
  const specs = (match[1] as string).split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length === 0 || specs.length > 64) return undefined;
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const int = /^(\d{1,15})-(\d{1,15})?$/.exec(spec);
    const suffix = /^-(\d{1,15})$/.exec(spec);
    if (int) {
      const first = Number(int[1]);
      const last = int[2] === undefined ? length - 1 : Math.min(Number(int[2]), length - 1);
      if (int[2] !== undefined && Number(int[2]) < first) return undefined;
      if (first < length) ranges.push({ first, last });
    } else if (suffix) {
      const count = Number(suffix[1]);
      if (count > 0 && length > 0) ranges.push({ first: Math.max(0, length - count), last: length - 1 });
    } else {
      return undefined;
    }
  }
  return ranges;
}

/** The 206 or 416 answer for ranges of `body`, keeping the full response's other fields. */
export function rangeResponse(full: HttpResponse, ranges: ByteRange[], contentType: string): HttpResponse {
  const length = full.body.length;
  const others = full.fields.filter(([name]) => name.toLowerCase() !== 'content-type');
  if (ranges.length === 0) {
    return { status: 416, fields: [...others, ['Content-Range', `bytes */${length}`]], body: Buffer.alloc(0) };
  }
  if (ranges.length === 1) {
    const [{ first, last }] = ranges as [ByteRange];
    return { status: 206, fields: [...others, ['Content-Type', contentType], ['Content-Range', `bytes ${first}-${last}/${length}`]], body: full.body.subarray(first, last + 1) };
  }
  const boundary = `rfcheck-${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const { first, last } of ranges) {
    parts.push(Buffer.from(`\r\n--${boundary}\r\nContent-Type: ${contentType}\r\nContent-Range: bytes ${first}-${last}/${length}\r\n\r\n`, 'latin1'));
    parts.push(full.body.subarray(first, last + 1));
  }
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'));
  return { status: 206, fields: [...others, ['Content-Type', `multipart/byteranges; boundary=${boundary}`]], body: Buffer.concat(parts) };
}
