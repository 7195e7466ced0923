import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { RuleNotApplicable } from '../../harness/core/errors.ts';
import type { SuiteOptions } from '../../harness/core/rule.ts';
import { type Zone, type ZoneRecord, parseMasterFile } from './master-file.ts';
import { canonical, isAtOrBelow, labelsOf, parentOf } from './names.ts';

/**
 * What the dns-auth rules expect of a target, read from the master files it serves (--zone, or
 * fixtures/dns/zones/). The view answers the questions RFC 1034 §4.3.2's algorithm asks — which
 * zone holds a name, where a delegation cuts, which names exist, which wildcard applies — so a
 * rule can pick inputs of one kind (a name with data, a missing name, a referral) and knows
 * what the answer must hold.
 */
export class ZoneView {
  private readonly byName = new Map<string, ZoneRecord[]>();
  /** Names that exist: owners and every name between an owner and its zone's apex (RFC 4592 §2.2.2). */
  private readonly existing = new Set<string>();

  constructor(readonly zones: readonly Zone[]) {
    for (const zone of zones) {
      for (const record of zone.records) {
        const key = canonical(record.name);
        this.byName.set(key, [...(this.byName.get(key) ?? []), record]);
        for (let name: string | undefined = key; name && isAtOrBelow(name, zone.origin); name = parentOf(name)) this.existing.add(canonical(name));
      }
    }
  }

  zoneOf(name: string): Zone | undefined {
    return this.zones.filter((z) => isAtOrBelow(name, z.origin)).sort((a, b) => labelsOf(b.origin).length - labelsOf(a.origin).length)[0];
  }

  soaOf(zone: Zone): ZoneRecord {
    return zone.records.find((r) => r.type === 'SOA' && canonical(r.name) === canonical(zone.origin)) as ZoneRecord;
  }

  recordsAt(name: string): ZoneRecord[] {
    return this.byName.get(canonical(name)) ?? [];
  }

  rrset(name: string, type: string): ZoneRecord[] {
    return this.recordsAt(name).filter((r) => r.type === type);
  }

  exists(name: string): boolean {
    return this.existing.has(canonical(name));
  }

  /** The delegation point at or above `name` inside its zone (an NS set below the apex), if any. */
  cutAbove(name: string): string | undefined {
    const zone = this.zoneOf(name);
    if (!zone) return undefined;
    let cut: string | undefined;
    for (let at: string | undefined = name; at && !(canonical(at) === canonical(zone.origin)); at = parentOf(at)) {
      if (this.rrset(at, 'NS').length > 0) cut = at;
    }
    return cut;
  }

  /** Every owner name, as written, that is authoritative data (not at or below a cut). */
  authoritativeOwners(): string[] {
    const owners = new Map<string, string>();
    for (const zone of this.zones) for (const r of zone.records) if (!this.cutAbove(r.name) && !r.name.startsWith('*')) owners.set(canonical(r.name), r.name);
    return [...owners.values()];
  }

  /** (name, type) pairs the zone answers with data, CNAME owners asked for CNAME included. */
  answerable(): { name: string; type: string }[] {
    return this.authoritativeOwners().flatMap((name) => [...new Set(this.recordsAt(name).map((r) => r.type))].map((type) => ({ name, type })));
  }

  /** (name, type) pairs where the name exists but holds no data of the type (RFC 2308 NODATA). */
  noData(): { name: string; type: string }[] {
    const probe = ['A', 'AAAA', 'MX', 'TXT', 'SRV', 'PTR'];
    // Siblings of a wildcard are left to RFC 4592's rule about them (existing-name-not-synthesized).
    const owners = this.authoritativeOwners().filter((n) => this.rrset(n, 'CNAME').length === 0 && !this.hasWildcardChild(parentOf(n) ?? '.'));
    return owners.flatMap((name) => probe.filter((type) => this.rrset(name, type).length === 0).map((type) => ({ name, type })));
  }

  /** Names that exist only because names below them do (empty non-terminals). */
  emptyNonTerminals(): string[] {
    return [...this.existing].filter((n) => this.recordsAt(n).length === 0 && !this.cutAbove(n) && !this.hasWildcardChild(n));
  }

  aliases(): ZoneRecord[] {
    return this.zones.flatMap((z) => z.records.filter((r) => r.type === 'CNAME' && !this.cutAbove(r.name) && !r.name.startsWith('*')));
  }

  /** The delegation points (owners of NS sets below an apex). */
  cuts(): string[] {
    return [...new Set(this.zones.flatMap((z) => z.records.filter((r) => r.type === 'NS' && canonical(r.name) !== canonical(z.origin)).map((r) => r.name)))];
  }

  /** Owners of wildcard records ('*.x'). */
  wildcards(): string[] {
    return [...new Set(this.zones.flatMap((z) => z.records.filter((r) => r.name.startsWith('*.')).map((r) => r.name)))];
  }

  hasWildcardChild(name: string): boolean {
    return this.recordsAt(`*.${name}`).length > 0;
  }

  /**
   * Where a name that does not exist finds its answer: the closest existing ancestor, and the
   * wildcard '*.<closest encloser>' if there is one (RFC 4592 §3.3.1).
   */
  closestEncloser(name: string): string {
    let at = parentOf(name);
    while (at && !this.exists(at)) at = parentOf(at);
    return at ?? '.';
  }
}

const cache = new Map<string, ZoneView>();
/** The view of each run's options object: checks ask for it on every run. */
const byOptions = new WeakMap<SuiteOptions, ZoneView>();

/** The fixture folder's zone files, listed once per folder (a check asks for them on every run). */
const folderListings = new Map<string, string[]>();

/** The zone files a dns-auth target serves: --zone files, else every *.zone in fixtures/dns/zones. */
export function zoneFiles(options: SuiteOptions): string[] {
  if (options.zones && options.zones.length > 0) return options.zones;
  const folder = path.join(options.fixturesDir, 'dns', 'zones');
  let files = folderListings.get(folder);
  if (!files) {
    files = readdirSync(folder).filter((f) => f.endsWith('.zone')).sort().map((f) => path.join(folder, f));
    folderListings.set(folder, files);
  }
  return files;
}

export function loadZoneView(options: SuiteOptions): ZoneView {
  const known = byOptions.get(options);
  if (known) return known;
  const files = zoneFiles(options);
  const key = files.join('\n');
  let view = cache.get(key);
  if (!view) {
    view = new ZoneView(files.map((file) => parseMasterFile(readFileSync(file, 'utf8'), path.basename(file))));
    cache.set(key, view);
  }
  byOptions.set(options, view);
  return view;
}

/** A rule that needs a kind of name the served zones lack is not applicable, not failed. */
export function requireSome<T>(items: T[], what: string): T[] {
  if (items.length === 0) throw new RuleNotApplicable(`the served zones have no ${what}`);
  return items;
}
