import { randomBytes } from 'node:crypto';

/**
 * The fixture site's visit counter, after the course's cookie example: a first visit gets a
 * visitor id in a cookie; each later request carrying that cookie counts one more visit for it.
 * Ids are random (base64url, so a valid cookie-value); the table is bounded, oldest first out.
 */
export const visitorCookie = 'visitor';
const maxVisitors = 10_000;

export class VisitCounter {
  private readonly visits = new Map<string, number>();

  /** Counts a visit; `known` is false when the request carried no id this server issued. */
  visit(cookieHeader: string[]): { id: string; count: number; known: boolean } {
    const id = cookieHeader.flatMap(cookiePairs).find(([name, value]) => name === visitorCookie && this.visits.has(value))?.[1];
    if (id !== undefined) {
      const count = (this.visits.get(id) ?? 0) + 1;
      this.visits.delete(id);
      this.visits.set(id, count);
      return { id, count, known: true };
    }
    const fresh = randomBytes(12).toString('base64url');
    this.visits.set(fresh, 1);
    if (this.visits.size > maxVisitors) this.visits.delete(this.visits.keys().next().value as string);
    return { id: fresh, count: 1, known: false };
  }
}

/** The name=value pairs of one Cookie field value (RFC 6265 §4.2.1), leniently split. */
function cookiePairs(value: string): [string, string][] {
  return value.split(';').flatMap((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return [];
    return [[pair.slice(0, eq).trim(), pair.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1')] as [string, string]];
  });
}
