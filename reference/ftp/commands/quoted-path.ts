/** A path as RFC 959 Appendix II quotes it in a 257 reply: in double quotes, inner quotes doubled. */
export function quotedPath(virtual: string): string {
  return `"${virtual.replaceAll('"', '""')}"`;
}
