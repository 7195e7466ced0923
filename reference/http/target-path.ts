import { RequestError } from './request-error.ts';

/** The resource a request-target names, once decoded and freed of dot-segments. */
export interface TargetPath {
  /** Decoded segments, '.' and '..' resolved and never above the root. */
  segments: string[];
  /** The path ended in '/' (a directory was asked for). */
  trailingSlash: boolean;
  /** The path as received (still percent-encoded), for building redirects. */
  rawPath: string;
  query: string;
}

/**
 * Reads origin-form and absolute-form targets (RFC 9112 §3.2.1, §3.2.2; for absolute-form the
 * authority in the target wins over Host). Percent-decoding happens per segment, and a decoded
 * segment may not hold '/' or NUL, so no encoding can smuggle a separator or reach above the
 * root: '..' at the top stays at the top (RFC 3986 §5.2.4).
 */
export function parseTarget(target: string): TargetPath {
  let pathAndQuery = target;
  const absolute = /^https?:\/\/[^/?#]*(.*)$/i.exec(target);
  if (absolute) pathAndQuery = absolute[1] || '/';
  if (!pathAndQuery.startsWith('/') || pathAndQuery.includes('#')) throw new RequestError(400, 'request-target is neither origin-form nor absolute-form');
  const queryAt = pathAndQuery.indexOf('?');
  const rawPath = queryAt < 0 ? pathAndQuery : pathAndQuery.slice(0, queryAt);
  const query = queryAt < 0 ? '' : pathAndQuery.slice(queryAt);
  const segments: string[] = [];
  const raw = rawPath.split('/').slice(1);
  let trailingSlash = false;
  raw.forEach((encoded, index) => {
    const segment = decodeSegment(encoded);
    const last = index === raw.length - 1;
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
    if (last) trailingSlash = segment === '' || segment === '.' || segment === '..';
  });
  return { segments, trailingSlash, rawPath, query };
}

function decodeSegment(encoded: string): string {
  if (/%(?![0-9A-Fa-f]{2})/.test(encoded)) throw new RequestError(400, 'malformed percent-encoding');
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    throw new RequestError(400, 'percent-encoding is not UTF-8');
  }
  if (decoded.includes('/') || decoded.includes('\0') || decoded.includes('\\')) throw new RequestError(400, 'encoded separator or NUL in a path segment');
  return decoded;
}
