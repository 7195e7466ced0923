import { listElements, opaqueTag } from '../../specs/http/grammar.ts';
import { parseHttpDate } from '../../specs/http/http-date.ts';
import type { FieldLine } from './request-head.ts';

/**
 * Whether a GET or HEAD may be answered 304 (RFC 9110 §13.1.2, §13.1.3, §13.2.2): If-None-Match
 * decides when present, compared weakly; otherwise If-Modified-Since, when it is one valid
 * HTTP-date and the representation has not changed since.
 */
export function isNotModified(fields: FieldLine[], etag: string, lastModified: Date): boolean {
  const noneMatch = fields.filter((f) => f.name === 'if-none-match');
  if (noneMatch.length > 0) {
    const tags = noneMatch.flatMap((f) => listElements(f.value));
    return tags.some((tag) => tag === '*' || opaqueTag(tag) === opaqueTag(etag));
  }
  const modifiedSince = fields.filter((f) => f.name === 'if-modified-since');
  if (modifiedSince.length !== 1) return false;
  const since = parseHttpDate((modifiedSince[0] as FieldLine).value);
  return since !== undefined && lastModified.getTime() <= since.getTime();
}

/** PUT with If-None-Match: a match (or `*` on an existing file) means 412 (RFC 9110 §13.1.2). */
export function putPreconditionFails(fields: FieldLine[], currentEtag: string | undefined): boolean {
  const tags = fields.filter((f) => f.name === 'if-none-match').flatMap((f) => listElements(f.value));
  if (currentEtag === undefined) return false;
  return tags.some((tag) => tag === '*' || opaqueTag(tag) === opaqueTag(currentEtag));
}
