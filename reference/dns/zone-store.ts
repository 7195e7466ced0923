import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SoaAnswer } from 'dns-packet';
import { type Zone, type ZoneRecord, parseMasterFile } from '../../specs/dns/master-file.ts';
import { canonical, isAtOrBelow, labelsOf, parentOf } from '../../specs/dns/names.ts';

/** What a lookup decided: the sections of the answer and its RCODE and AA bit. */
export interface LookupResult {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED';
  authoritative: boolean;
  answers: ZoneRecord[];
  authorities: ZoneRecord[];
  additionals: ZoneRecord[];
}

interface ZoneData {
  zone: Zone;
  soa: SoaAnswer;
  /** Records by canonical owner name. */
  nodes: Map<string, ZoneRecord[]>;
  /** Names that exist, empty non-terminals included. */
  names: Set<string>;
}

const maxChain = 16;

/**
 * The zones an authoritative server serves, and RFC 1034 §4.3.2's lookup over them, with
 * RFC 2308 negative answers and RFC 4592 wildcards. Matching is case-insensitive; records keep
 * the case their master file gave them.
 */
export class ZoneStore {
  private readonly zones: ZoneData[];

  constructor(zones: readonly Zone[]) {
    this.zones = zones.map((zone) => {
      const nodes = new Map<string, ZoneRecord[]>();
      const names = new Set<string>();
      for (const record of zone.records) {
        const key = canonical(record.name);
        nodes.set(key, [...(nodes.get(key) ?? []), record]);
        for (let at: string | undefined = key; at !== undefined && isAtOrBelow(at, zone.origin); at = parentOf(at)) names.add(at);
      }
      const soa = zone.records.find((r) => r.type === 'SOA') as SoaAnswer;
      return { zone, soa, nodes, names };
    });
  }

  static fromFiles(files: readonly string[]): ZoneStore {
    return new ZoneStore(files.map((file) => parseMasterFile(readFileSync(file, 'utf8'), path.basename(file))));
  }

  private zoneFor(name: string): ZoneData | undefined {
    return this.zones.filter((z) => isAtOrBelow(name, z.zone.origin)).sort((a, b) => labelsOf(b.zone.origin).length - labelsOf(a.zone.origin).length)[0];
  }

  lookup(qname: string, qtype: string): LookupResult {
    const data = this.zoneFor(qname);
    if (!data) return { rcode: 'REFUSED', authoritative: false, answers: [], authorities: [], additionals: [] };
    const answers: ZoneRecord[] = [];
    let name = qname;
    for (let hop = 0; hop < maxChain; hop++) {
      const cut = this.delegation(data, name);
      if (cut) {
        // Below a cut the zone is not authoritative: refer the asker to the child's servers.
        if (answers.length > 0) return this.finish('NOERROR', answers, [], []);
        const ns = data.nodes.get(canonical(cut))?.filter((r) => r.type === 'NS') ?? [];
        return { rcode: 'NOERROR', authoritative: false, answers: [], authorities: ns, additionals: this.addresses(data, ns.map((r) => r.data as string), true) };
      }
      const { records, exists } = this.recordsFor(data, name);
      // A chain ending at a missing name is still a name error (RFC 2308 §2.1), CNAMEs kept.
      if (!exists) return this.finish('NXDOMAIN', answers, [this.negativeSoa(data)], []);
      const cname = records.find((r) => r.type === 'CNAME');
      if (cname && qtype !== 'CNAME') {
        answers.push(cname);
        const target = cname.data as string;
        if (!isAtOrBelow(target, data.zone.origin) || answers.some((a) => a.type === 'CNAME' && canonical(a.name) === canonical(target))) return this.finish('NOERROR', answers, [], []);
        name = target;
        continue;
      }
      const matching = records.filter((r) => qtype === 'ANY' || r.type === qtype);
      if (matching.length === 0) return this.finish('NOERROR', answers, [this.negativeSoa(data)], []);
      answers.push(...matching);
      return this.finish('NOERROR', answers, [], this.additionalFor(data, matching));
    }
    return this.finish('NOERROR', answers, [], []);
  }

  private finish(rcode: LookupResult['rcode'], answers: ZoneRecord[], authorities: ZoneRecord[], additionals: ZoneRecord[]): LookupResult {
    return { rcode, authoritative: true, answers, authorities, additionals };
  }

  /** The highest NS set between the apex (exclusive) and `name` (inclusive). */
  private delegation(data: ZoneData, name: string): string | undefined {
    const chain: string[] = [];
    for (let at: string | undefined = canonical(name); at !== undefined && at !== canonical(data.zone.origin); at = parentOf(at)) chain.unshift(at);
    return chain.find((at) => data.nodes.get(at)?.some((r) => r.type === 'NS'));
  }

  /** The records of a name, synthesized from the closest encloser's wildcard when it does not exist. */
  private recordsFor(data: ZoneData, name: string): { records: ZoneRecord[]; exists: boolean } {
    const key = canonical(name);
    if (data.names.has(key)) return { records: data.nodes.get(key) ?? [], exists: true };
    let encloser = parentOf(key);
    while (encloser !== undefined && !data.names.has(encloser)) encloser = parentOf(encloser);
    const source = encloser === undefined ? undefined : data.nodes.get(canonical(`*.${encloser}`));
    if (!source) return { records: [], exists: false };
    return { records: source.map((r) => ({ ...r, name })), exists: true };
  }

  /** RFC 2308 §3: the SOA rides in the authority section with TTL min(SOA TTL, MINIMUM). */
  private negativeSoa(data: ZoneData): ZoneRecord {
    return { ...data.soa, ttl: Math.min(data.soa.ttl ?? 0, data.soa.data?.minimum ?? 0) };
  }

  private additionalFor(data: ZoneData, records: ZoneRecord[]): ZoneRecord[] {
    const targets = records.flatMap((r) => {
      if (r.type === 'MX') return [r.data.exchange];
      if (r.type === 'SRV') return [r.data.target];
      if (r.type === 'NS') return [r.data];
      return [];
    });
    return this.addresses(data, targets, false);
  }

  /** A and AAAA records of `targets` held by the zone (glue below a cut only when asked). */
  private addresses(data: ZoneData, targets: string[], glue: boolean): ZoneRecord[] {
    const out: ZoneRecord[] = [];
    for (const target of new Set(targets.map(canonical))) {
      if (!isAtOrBelow(target, data.zone.origin)) continue;
      if (!glue && this.delegation(data, target)) continue;
      out.push(...(data.nodes.get(target) ?? []).filter((r) => r.type === 'A' || r.type === 'AAAA'));
    }
    return out;
  }
}
