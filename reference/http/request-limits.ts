/** The sizes the reference refuses to exceed; each bounds memory a hostile client can take. */
export interface RequestLimits {
  /** Longest request-line; RFC 9112 §3 recommends at least 8000 octets. */
  requestLineBytes: number;
  /** Whole header section (request-line included). */
  headerSectionBytes: number;
  fieldLines: number;
  /** Largest request body (Content-Length or decoded chunks). */
  bodyBytes: number;
  /** Longest chunk-size line or trailer line. */
  chunkLineBytes: number;
}

export const defaultRequestLimits: RequestLimits = {
  requestLineBytes: 16 * 1024,
  headerSectionBytes: 64 * 1024,
  fieldLines: 200,
  bodyBytes: 8 * 1024 * 1024,
  chunkLineBytes: 4096,
};
