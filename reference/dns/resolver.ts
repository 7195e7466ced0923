import type { DecodedPacket } from 'dns-packet';
import type dgram from 'node:dgram';
import type { Endpoint } from '../../harness/wire/limits.ts';
import type { ZoneRecord } from '../../specs/dns/master-file.ts';
import { canonical, isAtOrBelow, labelsOf } from '../../specs/dns/names.ts';
import { type CacheFaults, ResolverCache } from './resolver-cache.ts';
import { type UpstreamFaults, queryOverTcp, queryOverUdp } from './upstream-query.ts';

/**
 * Iterative resolution (RFC 1034 §5.3.3): start at the closest servers known — the cache's
 * delegations, else the root hints — follow referrals down, restart at the canonical name of a
 * CNAME, and cache what the servers say: RRsets, delegations, and negative answers (RFC 2308).
 * Only data inside the zone of the server that sent it is believed (RFC 2181 §5.4.1).
 */

export interface ResolverFaults extends CacheFaults, UpstreamFaults {
  /** Caches every record of the additional section, whoever it belongs to. */
  cacheOutOfBailiwick?: boolean;
  /** Keeps a truncated UDP answer instead of asking again over TCP. */
  noTcpRetry?: boolean;
  /** Asks each server once, never again after a timeout. */
  noRetry?: boolean;
  /** Stops at a CNAME whose target is in another zone. */
  cnameStopsAtZone?: boolean;
  /** Keeps only the first record of an answer. */
  firstRecordOnly?: boolean;
}

export interface Resolution {
  rcode: 0 | 2 | 3;
  answers: ZoneRecord[];
  authorities: ZoneRecord[];
  /** The answer came from the cache without asking any server. */
  fromCache?: boolean;
}

interface ServerSet {
  zone: string;
  addresses: string[];
}

export interface ResolverOptions {
  rootServers: string[];
  /** Port of every name server (53; the suite's fake hierarchy listens there too). */
  upstreamPort: number;
  timeoutMs: number;
  faults: ResolverFaults;
  sharedSocket?: dgram.Socket;
}

const maxCnameHops = 8;
const maxReferrals = 12;
/** Upstream queries one client question may cost at most. */
const workBudget = 40;

type Outcome =
  | { kind: 'answer'; records: ZoneRecord[] }
  | { kind: 'negative'; rcode: 0 | 3; soa?: ZoneRecord }
  | { kind: 'fail' };

export class Resolver {
  readonly cache: ResolverCache;
  private readonly delegations = new Map<string, { addresses: string[]; expires: number }>();

  constructor(private readonly options: ResolverOptions) {
    this.cache = new ResolverCache(options.faults);
  }

  async resolve(name: string, type: string, budget = { left: workBudget }): Promise<Resolution> {
    const chain: ZoneRecord[] = [];
    let qname = name;
    for (let hop = 0; hop < maxCnameHops; hop++) {
      const cached = this.cache.getRRset(qname, type);
      if (cached) return { rcode: 0, answers: [...chain, ...cached], authorities: [], fromCache: true };
      const alias = type === 'CNAME' ? undefined : this.cache.getRRset(qname, 'CNAME')?.[0];
      if (alias) {
        chain.push(alias);
        qname = alias.data as string;
        continue;
      }
      const negative = this.cache.getNegative(qname, type);
      if (negative) return { rcode: negative.rcode, answers: chain, authorities: [negative.soa], fromCache: true };
      const outcome = await this.iterate(qname, type, budget);
      if (outcome.kind === 'fail') return { rcode: 2, answers: chain, authorities: [] };
      if (outcome.kind === 'negative') return { rcode: outcome.rcode, answers: chain, authorities: outcome.soa ? [outcome.soa] : [] };
      const own = outcome.records.filter((r) => canonical(r.name) === canonical(qname) && r.type === type);
      if (own.length > 0) return { rcode: 0, answers: [...chain, ...(this.options.faults.firstRecordOnly ? own.slice(0, 1) : own)], authorities: [] };
      const cname = outcome.records.find((r) => canonical(r.name) === canonical(qname) && r.type === 'CNAME');
      if (!cname) return { rcode: 2, answers: chain, authorities: [] };
      chain.push(cname);
      // The server may have followed the chain itself; take what it gave that lies on the chain.
      qname = cname.data as string;
      for (let link = outcome.records.find((r) => canonical(r.name) === canonical(qname) && r.type === 'CNAME'); link; link = outcome.records.find((r) => canonical(r.name) === canonical(qname) && r.type === 'CNAME')) {
        chain.push(link);
        qname = link.data as string;
      }
      const rest = outcome.records.filter((r) => canonical(r.name) === canonical(qname) && r.type === type);
      if (rest.length > 0) return { rcode: 0, answers: [...chain, ...rest], authorities: [] };
      if (this.options.faults.cnameStopsAtZone) return { rcode: 0, answers: chain, authorities: [] };
    }
    return { rcode: 2, answers: chain, authorities: [] };
  }

  /** The closest zone whose servers the cache knows, else the root. */
  private startingServers(name: string): ServerSet {
    const labels = labelsOf(canonical(name));
    for (let i = 0; i < labels.length; i++) {
      const zone = labels.slice(i).join('.');
      const known = this.delegations.get(zone);
      if (known && (known.expires > Date.now() || this.options.faults.neverExpires)) return { zone, addresses: known.addresses };
    }
    return { zone: '.', addresses: this.options.rootServers };
  }

  private async iterate(qname: string, type: string, budget: { left: number }): Promise<Outcome> {
    let servers = this.startingServers(qname);
    for (let step = 0; step < maxReferrals; step++) {
      const response = await this.ask(servers.addresses, qname, type, budget);
      if (!response) return { kind: 'fail' };
      const rcode = (response.flags ?? 0) & 0x0f;
      const inZone = (r: { name: string }): boolean => isAtOrBelow(r.name, servers.zone);
      const answers = (response.answers ?? []).filter((r): r is ZoneRecord => r.type !== 'OPT' && inZone(r));
      const soa = (response.authorities ?? []).find((r): r is ZoneRecord => r.type === 'SOA' && inZone(r));
      this.cacheAdditional(response);
      if (rcode === 3) {
        this.cacheRRsets(answers);
        if (soa) this.cache.putNegative(this.lastName(qname, answers), type, { rcode: 3, soa });
        return answers.length > 0 ? { kind: 'answer', records: answers } : { kind: 'negative', rcode: 3, ...(soa ? { soa } : {}) };
      }
      if (rcode !== 0) return { kind: 'fail' };
      if (answers.length > 0) {
        this.cacheRRsets(answers);
        return { kind: 'answer', records: answers };
      }
      const referral = this.referral(response, servers.zone, qname);
      if (referral) {
        const addresses = referral.addresses.length > 0 ? referral.addresses : await this.addressesOf(referral.names, budget);
        if (addresses.length === 0) return { kind: 'fail' };
        this.delegations.set(referral.zone, { addresses, expires: Date.now() + referral.ttl * 1000 });
        servers = { zone: referral.zone, addresses };
        continue;
      }
      if (soa) this.cache.putNegative(qname, type, { rcode: 0, soa });
      return { kind: 'negative', rcode: 0, ...(soa ? { soa } : {}) };
    }
    return { kind: 'fail' };
  }

  /** The name a negative answer is about: the end of the CNAME chain it carries, if any. */
  private lastName(qname: string, answers: ZoneRecord[]): string {
    let name = qname;
    for (let link = answers.find((r) => r.type === 'CNAME' && canonical(r.name) === canonical(name)); link; link = answers.find((r) => r.type === 'CNAME' && canonical(r.name) === canonical(name))) {
      name = link.data as string;
    }
    return name;
  }

  /** A delegation to a zone below `zone` that holds `qname`, with the glue that came with it. */
  private referral(response: DecodedPacket, zone: string, qname: string): { zone: string; names: string[]; addresses: string[]; ttl: number } | undefined {
    const ns = (response.authorities ?? []).filter((r): r is ZoneRecord => r.type === 'NS');
    const child = ns[0]?.name;
    if (!child || !isAtOrBelow(child, zone) || canonical(child) === canonical(zone) || !isAtOrBelow(qname, child)) return undefined;
    const names = ns.filter((r) => canonical(r.name) === canonical(child)).map((r) => r.data as string);
    const addresses = (response.additionals ?? [])
      .filter((r): r is ZoneRecord => r.type === 'A' && isAtOrBelow(r.name, zone) && names.some((n) => canonical(n) === canonical(r.name)))
      .map((r) => r.data as string);
    return { zone: canonical(child), names, addresses, ttl: Math.min(...ns.map((r) => r.ttl ?? 0)) };
  }

  private async addressesOf(names: string[], budget: { left: number }): Promise<string[]> {
    for (const name of names) {
      const found = await this.resolve(name, 'A', budget);
      const addresses = found.answers.filter((r) => r.type === 'A').map((r) => r.data as string);
      if (addresses.length > 0) return addresses;
    }
    return [];
  }

  private cacheRRsets(records: ZoneRecord[]): void {
    const sets = new Map<string, ZoneRecord[]>();
    for (const r of records) sets.set(`${canonical(r.name)}|${r.type}`, [...(sets.get(`${canonical(r.name)}|${r.type}`) ?? []), r]);
    for (const set of sets.values()) this.cache.putRRset(set);
  }

  /**
   * The reference believes additional data only as glue for a referral (see `referral`); the
   * planted bug `cacheOutOfBailiwick` caches all of it as answers, whoever it belongs to.
   */
  private cacheAdditional(response: DecodedPacket): void {
    if (!this.options.faults.cacheOutOfBailiwick) return;
    this.cacheRRsets((response.additionals ?? []).filter((r): r is ZoneRecord => r.type !== 'OPT'));
  }

  /** Asks the servers in turn (twice each unless told otherwise); over TCP again when the answer is truncated. */
  private async ask(addresses: string[], name: string, type: string, budget: { left: number }): Promise<DecodedPacket | undefined> {
    const attempts = this.options.faults.noRetry ? 1 : 2;
    const upstream = { timeoutMs: this.options.timeoutMs, faults: this.options.faults, ...(this.options.sharedSocket ? { sharedSocket: this.options.sharedSocket } : {}) };
    for (let attempt = 0; attempt < attempts; attempt++) {
      for (const host of addresses) {
        if (budget.left-- <= 0) return undefined;
        const server: Endpoint = { host, port: this.options.upstreamPort };
        const answer = await queryOverUdp(server, name, type, upstream);
        if (!answer) continue;
        if (((answer.flags ?? 0) & 0x0200) === 0 || this.options.faults.noTcpRetry) return answer;
        const whole = await queryOverTcp(server, name, type, upstream);
        if (whole) return whole;
      }
    }
    return undefined;
  }
}
