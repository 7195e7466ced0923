import type { ZoneRecord } from '../../specs/dns/master-file.ts';
import { canonical } from '../../specs/dns/names.ts';

/**
 * The resolver's cache (RFC 1035 §7.4): RRsets by (name, type) and negative answers (RFC 2308
 * §5) — NXDOMAIN by name, NODATA by (name, type) — each until its TTL runs out. Records come
 * out with the TTL they have left, so a cached answer's TTL counts down (RFC 2308 §6 for the
 * SOA of a negative one).
 */

export interface CacheFaults {
  /** Never keeps positive answers. */
  noPositive?: boolean;
  /** Hands records out with the TTL they came with. */
  ttlFrozen?: boolean;
  /** Keeps every entry forever. */
  neverExpires?: boolean;
  /** Never keeps negative answers. */
  noNegative?: boolean;
}

interface Entry<T> {
  value: T;
  ttl: number;
  expires: number;
}

export interface NegativeEntry {
  rcode: 0 | 3;
  soa: ZoneRecord;
}

/** At most this many entries; the oldest go first when it is full. */
const capacity = 50_000;

export class ResolverCache {
  private readonly positive = new Map<string, Entry<ZoneRecord[]>>();
  private readonly negative = new Map<string, Entry<NegativeEntry>>();

  constructor(
    private readonly faults: CacheFaults = {},
    private readonly now: () => number = () => Date.now(),
  ) {}

  putRRset(records: ZoneRecord[]): void {
    const first = records[0];
    if (!first || this.faults.noPositive) return;
    // RFC 2181 §5.2: an RRset whose TTLs differ is treated as having the smallest.
    const ttl = Math.min(...records.map((r) => r.ttl ?? 0));
    this.store(this.positive, `${canonical(first.name)}|${first.type}`, records, ttl);
  }

  getRRset(name: string, type: string): ZoneRecord[] | undefined {
    const hit = this.lookup(this.positive, `${canonical(name)}|${type}`);
    return hit && hit.value.map((r) => ({ ...r, ttl: hit.left }));
  }

  putNegative(name: string, type: string, entry: NegativeEntry): void {
    if (this.faults.noNegative) return;
    const data = entry.soa.data as { minimum: number };
    const ttl = Math.min(entry.soa.ttl ?? 0, data.minimum);
    this.store(this.negative, entry.rcode === 3 ? `${canonical(name)}|*` : `${canonical(name)}|${type}`, entry, ttl);
  }

  getNegative(name: string, type: string): NegativeEntry | undefined {
    const hit = this.lookup(this.negative, `${canonical(name)}|*`) ?? this.lookup(this.negative, `${canonical(name)}|${type}`);
    return hit && { ...hit.value, soa: { ...hit.value.soa, ttl: hit.left } };
  }

  private store<T>(map: Map<string, Entry<T>>, key: string, value: T, ttl: number): void {
    if (ttl <= 0) return;
    if (map.size >= capacity) map.delete(map.keys().next().value as string);
    map.delete(key);
    map.set(key, { value, ttl, expires: this.now() + ttl * 1000 });
  }

  private lookup<T>(map: Map<string, Entry<T>>, key: string): { value: T; left: number } | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    const leftMs = entry.expires - this.now();
    if (leftMs <= 0 && !this.faults.neverExpires) {
      map.delete(key);
      return undefined;
    }
    const left = this.faults.ttlFrozen ? entry.ttl : Math.max(0, Math.ceil(leftMs / 1000));
    return { value: entry.value, left };
  }
}
