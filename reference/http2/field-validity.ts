/**
 * RFC 9113 §8.2 and §8.2.1 checks on decoded request fields that nghttp2 (inside node:http2) does
 * not report: it silently drops such a field and serves the request, where the RFC calls the
 * request malformed. Returns why a field is invalid, or undefined.
 */
const forbiddenInName = (code: number): boolean => code <= 0x20 || (code >= 0x41 && code <= 0x5a) || code >= 0x7f || code === 0x3a;
const forbiddenInValue = (code: number): boolean => code === 0x00 || code === 0x0a || code === 0x0d;

export function invalidField(name: string, value: string): string | undefined {
  const body = name.startsWith(':') ? name.slice(1) : name;
  if (name.length === 0 || [...body].some((c) => forbiddenInName(c.charCodeAt(0)))) return `field name ${JSON.stringify(name)} holds a forbidden octet`;
  if ([...value].some((c) => forbiddenInValue(c.charCodeAt(0)))) return `field ${name} holds NUL, CR or LF`;
  if (/^[ \t]|[ \t]$/.test(value)) return `field ${name} starts or ends with whitespace`;
  return undefined;
}
