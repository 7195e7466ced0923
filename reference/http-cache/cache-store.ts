import type { StoredTiming } from './freshness.ts';
import { type Fields, fieldValue, listMembers } from './header-fields.ts';

/**
 * The proxy's store: per cache key (the target URI), the stored responses that differ by the
 * request fields their Vary names (RFC 9111 §4.1). Bounded in entries and bytes; the least
 * recently used key goes first.
 */

export interface StoredResponse extends StoredTiming {
  status: number;
  reason: string;
  fields: Fields;
  body: Buffer;
  /** The values the request had for each field Vary names (lowercased names). */
  varyValues: Map<string, string | undefined>;
}

export interface StoreLimits {
  entries: number;
  bytes: number;
}

export const defaultStoreLimits: StoreLimits = { entries: 2000, bytes: 64 * 1024 * 1024 };

/** Lists compare after whitespace is normalised, as §4.1 allows. */
const normalise = (value: string | undefined): string | undefined => value?.split(',').map((v) => v.trim().replace(/\s+/g, ' ')).join(',');

export function varyNames(fields: Fields): string[] {
  return listMembers(fieldValue(fields, 'vary')).map((n) => n.toLowerCase());
}

export function varyValuesOf(names: string[], requestFields: Fields): Map<string, string | undefined> {
  return new Map(names.map((name) => [name, normalise(fieldValue(requestFields, name))]));
}

function sizeOf(response: StoredResponse): number {
  return response.body.length + response.fields.reduce((sum, [n, v]) => sum + n.length + v.length + 4, 0);
}

export class CacheStore {
  private readonly entries = new Map<string, StoredResponse[]>();
  private bytes = 0;
  private count = 0;

  constructor(private readonly limits: StoreLimits = defaultStoreLimits) {}

  /** The stored responses for `key` whose Vary'd request fields match `requestFields`. */
  lookup(key: string, requestFields: Fields, ignoreVary = false): StoredResponse[] {
    // Vary: * matches no request (§4.1); ignoreVary is the planted bugs' way round that too.
    const stored = this.entries.get(key);
    if (!stored) return [];
    this.entries.delete(key);
    this.entries.set(key, stored);
    return stored.filter((response) => ignoreVary || [...response.varyValues].every(([name, value]) => value === normalise(fieldValue(requestFields, name)) && name !== '*'));
  }

  /** Stores a response, replacing any stored one it would be selected in place of. */
  put(key: string, response: StoredResponse): void {
    const size = sizeOf(response);
    if (size > this.limits.bytes) return;
    const kept = (this.entries.get(key) ?? []).filter((old) => !sameVariant(old, response));
    this.drop(key);
    kept.push(response);
    this.entries.set(key, kept);
    for (const r of kept) this.bytes += sizeOf(r);
    this.count += kept.length;
    this.evict();
  }

  /** Marks the key's responses invalid: here, removes them (§4.4 allows either). */
  drop(key: string): void {
    for (const r of this.entries.get(key) ?? []) {
      this.bytes -= sizeOf(r);
      this.count -= 1;
    }
    this.entries.delete(key);
  }

  /** Replaces one stored response in place (after a 304 freshened it). */
  replace(key: string, old: StoredResponse, fresh: StoredResponse): void {
    const list = this.entries.get(key);
    const at = list?.indexOf(old) ?? -1;
    if (!list || at < 0) return;
    this.bytes += sizeOf(fresh) - sizeOf(old);
    list[at] = fresh;
    this.evict();
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.count <= this.limits.entries && this.bytes <= this.limits.bytes) return;
      this.drop(key);
    }
  }
}

function sameVariant(a: StoredResponse, b: StoredResponse): boolean {
  if (a.varyValues.size !== b.varyValues.size) return false;
  return [...a.varyValues].every(([name, value]) => b.varyValues.get(name) === value);
}
