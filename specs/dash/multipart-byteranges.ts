import { violation } from '../../harness/core/expect.ts';

/**
 * Reads a multipart/byteranges body (RFC 9110 §14.6, §15.3.7.2; multipart framing after RFC
 * 2046 §5.1.1): the boundary from Content-Type, then each part's header fields and bytes.
 * Malformed framing is the target's fault: a ProtocolViolation.
 */

export interface BytePart {
  contentRange: string | undefined;
  bytes: Buffer;
}

export function boundaryOf(contentType: string): string | undefined {
  const match = /^\s*multipart\/byteranges\s*;(?:.*;)?\s*boundary=("?)([^";]+)\1/i.exec(contentType);
  return match?.[2];
}

export function parseByteranges(body: Buffer, boundary: string): BytePart[] {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const parts: BytePart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) violation('multipart/byteranges body without its boundary', `--${boundary}`, 'no delimiter');
  for (let guard = 0; guard < 1000; guard++) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString('latin1') === '--') return parts;
    const headEnd = body.indexOf('\r\n\r\n', at);
    if (headEnd < 0) violation('a part of the multipart/byteranges body has no end of its header section');
    const head = body.subarray(at, headEnd).toString('latin1');
    const contentRange = /(?:^|\r\n)content-range:[ \t]*([^\r\n]*)/i.exec(head)?.[1]?.trim();
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n', 'latin1'), delimiter]), headEnd + 4);
    if (next < 0) violation('a part of the multipart/byteranges body is not closed by the boundary');
    parts.push({ contentRange, bytes: body.subarray(headEnd + 4, next) });
    at = next + 2;
  }
  return violation('more than 1000 parts in a multipart/byteranges body');
}
