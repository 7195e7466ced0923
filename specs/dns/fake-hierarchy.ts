import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket, { type DecodedPacket, type Packet } from 'dns-packet';
import type { ZoneRecord } from './master-file.ts';
import { canonical, isAtOrBelow, labelsOf } from './names.ts';
import { walkMessage, writeMessage } from './wire-format.ts';

/**
 * The name-server hierarchy the dns-resolver suite plays: a root (127.0.53.1), a TLD server
 * (127.0.53.2) and an authoritative server (127.0.53.3), all on port 53 because a resolver
 * sends to port 53 of whatever address a referral names. fixtures/dns/root.hints points a
 * resolver under test at the root. Each rule run brings a Scenario: a fresh TLD and the leaf
 * zones below it, with their records, per-server delays, and a hook that may change, delay,
 * truncate or drop any answer. Every query that reaches the hierarchy is logged, so a rule can
 * check what the resolver asked, from which port, with which ID.
 */

export const hierarchyPort = 53;
export const hierarchyAddresses = { root: '127.0.53.1', tld: '127.0.53.2', auth: '127.0.53.3' } as const;

/** The machine-wide lock name for the addresses above: one user of the hierarchy at a time. */
export const hierarchyLock = 'dns-hierarchy-127.0.53.x-port-53';
/** An address outside the hierarchy, from which forged answers come in the source-matching rule. */
export const strangerAddress = '127.0.53.9';
export const rootServerName = 'a.root-servers.rfcheck';

export type ServerRole = keyof typeof hierarchyAddresses;

export interface LoggedQuery {
  role: ServerRole;
  transport: 'udp' | 'tcp';
  name: string;
  type: string;
  id: number;
  rd: boolean;
  from: { host: string; port: number };
  at: number;
}

/** What the scenario's hook may do with an answer: send it (perhaps changed), or drop it. */
export type Intercepted = Packet | 'drop';

export interface Scenario {
  tld: string;
  /** Leaf zones (apex → records); each apex is one label below `tld`. */
  zones: Record<string, ZoneRecord[]>;
  /** TTL and SOA MINIMUM of negative answers from the leaf zones. */
  negativeTtl: number;
  delayMs?: Partial<Record<ServerRole, number>>;
  intercept?: (role: ServerRole, query: DecodedPacket, transport: 'udp' | 'tcp', answer: Packet) => Intercepted;
  /** Called as each query arrives (after logging), e.g. to race forged answers against it. */
  onQuery?: (query: LoggedQuery, hierarchy: FakeHierarchy) => void;
}

export type Intercept = NonNullable<Scenario['intercept']>;

const referralTtl = 3600;

function soaFor(zone: string, ttl: number): ZoneRecord {
  return { name: zone, type: 'SOA', ttl, class: 'IN', data: { mname: `ns.${zone}`, rname: `hostmaster.${zone}`, serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: ttl } };
}

const nsAt = (zone: string): ZoneRecord => ({ name: zone, type: 'NS', ttl: referralTtl, class: 'IN', data: `ns.${zone}` });
const glue = (zone: string, address: string): ZoneRecord => ({ name: `ns.${zone}`, type: 'A', ttl: referralTtl, class: 'IN', data: address });

/** The answer a correct server of `role` gives, before the scenario's hook sees it. */
export function standardAnswer(role: ServerRole, query: DecodedPacket, scenario: Scenario): Packet {
  const question = query.questions?.[0] ?? { name: '.', type: 'A' as const };
  const name = question.name;
  const base: Packet = { id: query.id ?? 0, type: 'response', flags: (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED, questions: [question], answers: [], authorities: [], additionals: [] };
  const authoritative = (packet: Packet, rcode = 0): Packet => ({ ...packet, flags: (packet.flags ?? 0) | dnsPacket.AUTHORITATIVE_ANSWER | rcode });
  const labels = labelsOf(canonical(name));
  if (role === 'root') {
    if (labels.length === 0) {
      return question.type === 'NS'
        ? authoritative({ ...base, answers: [{ name: '.', type: 'NS', ttl: referralTtl, class: 'IN', data: rootServerName }], additionals: [{ name: rootServerName, type: 'A', ttl: referralTtl, class: 'IN', data: hierarchyAddresses.root }] })
        : authoritative({ ...base, authorities: [soaFor('.', 60)] });
    }
    const tld = labels[labels.length - 1] as string;
    return { ...base, authorities: [nsAt(tld)], additionals: [glue(tld, hierarchyAddresses.tld)] };
  }
  const tld = labels[labels.length - 1] ?? '.';
  if (role === 'tld') {
    if (canonical(name) === canonical(rootServerName)) return authoritative({ ...base, answers: question.type === 'A' ? [{ name, type: 'A', ttl: referralTtl, class: 'IN', data: hierarchyAddresses.root }] : [] });
    if (canonical(name) === `ns.${tld}`) return authoritative({ ...base, answers: question.type === 'A' ? [{ name, type: 'A', ttl: referralTtl, class: 'IN', data: hierarchyAddresses.tld }] : [] });
    const zone = Object.keys(scenario.zones).find((z) => isAtOrBelow(name, z));
    if (labels.length === 1 || !zone) return authoritative({ ...base, authorities: [soaFor(tld, 60)] }, labels.length === 1 ? 0 : 3);
    return { ...base, authorities: [nsAt(zone)], additionals: [glue(zone, hierarchyAddresses.auth)] };
  }
  return leafAnswer(base, name, question.type, scenario, authoritative);
}

function leafAnswer(base: Packet, name: string, type: string, scenario: Scenario, authoritative: (p: Packet, rcode?: number) => Packet): Packet {
  const zone = Object.keys(scenario.zones).find((z) => isAtOrBelow(name, z));
  if (!zone) return { ...base, flags: (base.flags ?? 0) | 5 };
  const records = [...(scenario.zones[zone] ?? []), nsAt(zone), glue(zone, hierarchyAddresses.auth)];
  const answers: ZoneRecord[] = [];
  let at = name;
  for (let hop = 0; hop < 8; hop++) {
    const own = records.filter((r) => canonical(r.name) === canonical(at));
    const cname = own.find((r) => r.type === 'CNAME');
    if (cname && type !== 'CNAME') {
      answers.push(cname);
      at = cname.data as string;
      if (!isAtOrBelow(at, zone)) return authoritative({ ...base, answers });
      continue;
    }
    const matching = own.filter((r) => r.type === type);
    if (matching.length > 0) return authoritative({ ...base, answers: [...answers, ...matching] });
    const exists = records.some((r) => isAtOrBelow(r.name, at));
    return authoritative({ ...base, answers, authorities: [soaFor(zone, scenario.negativeTtl)] }, exists ? 0 : 3);
  }
  return authoritative({ ...base, answers });
}

/** Writes a packet compressed, as real servers do. */
export function encodeCompressed(packet: Packet): Buffer {
  const walked = walkMessage(dnsPacket.encode(packet));
  return walked.message ? writeMessage(walked.message, true) : dnsPacket.encode(packet);
}

interface Listener {
  role: ServerRole;
  udp: dgram.Socket;
  tcp: net.Server;
}

export class FakeHierarchy {
  readonly log: LoggedQuery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly connections = new Set<net.Socket>();
  private closed = false;

  private constructor(
    private readonly listeners: Listener[],
    private readonly stranger: dgram.Socket,
    readonly scenario: Scenario,
  ) {}

  static async start(scenario: Scenario): Promise<FakeHierarchy> {
    const listeners: Listener[] = [];
    const stranger = dgram.createSocket('udp4');
    stranger.on('error', () => {});
    try {
      await new Promise<void>((resolve, reject) => {
        stranger.once('error', reject);
        stranger.bind(0, strangerAddress, () => resolve());
      });
      for (const role of Object.keys(hierarchyAddresses) as ServerRole[]) listeners.push(await bindRole(role));
    } catch (error) {
      await Promise.all(listeners.map(closeListener));
      stranger.close();
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(`the fake DNS hierarchy cannot bind 127.0.53.1-3 port ${hierarchyPort} (needs root or CAP_NET_BIND_SERVICE, and no other user of those addresses): ${detail}`, { cause: error });
    }
    const hierarchy = new FakeHierarchy(listeners, stranger, scenario);
    for (const listener of listeners) hierarchy.serve(listener);
    return hierarchy;
  }

  /** Queries that reached `role` for `name` (any case) and, if given, `type`. */
  queriesTo(role: ServerRole, name?: string, type?: string): LoggedQuery[] {
    return this.log.filter((q) => q.role === role && (name === undefined || canonical(q.name) === canonical(name)) && (type === undefined || q.type === type));
  }

  /** Sends a datagram from `role`'s own socket (its address and port 53), or from the stranger. */
  sendFrom(role: ServerRole | 'stranger', to: { host: string; port: number }, bytes: Buffer): void {
    if (this.closed) return;
    const socket = role === 'stranger' ? this.stranger : this.listeners.find((l) => l.role === role)?.udp;
    socket?.send(bytes, to.port, to.host);
  }

  later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) action();
    }, ms);
    this.timers.add(timer);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    for (const connection of this.connections) connection.destroy();
    await Promise.all(this.listeners.map(closeListener));
    await new Promise<void>((resolve) => this.stranger.close(() => resolve()));
  }

  private respond(role: ServerRole, bytes: Buffer, transport: 'udp' | 'tcp', from: { host: string; port: number }, send: (answer: Buffer) => void): void {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(bytes);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question || query.type !== 'query') return;
    const logged: LoggedQuery = { role, transport, name: question.name, type: question.type, id: query.id ?? 0, rd: ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) !== 0, from, at: performance.now() };
    this.log.push(logged);
    this.scenario.onQuery?.(logged, this);
    const standard = standardAnswer(role, query, this.scenario);
    const answer = this.scenario.intercept ? this.scenario.intercept(role, query, transport, standard) : standard;
    if (answer === 'drop') return;
    const wire = encodeCompressed(answer);
    const delay = this.scenario.delayMs?.[role] ?? 0;
    if (delay > 0) this.later(delay, () => send(wire));
    else send(wire);
  }

  private serve(listener: Listener): void {
    listener.udp.on('message', (bytes, rinfo) => {
      const from = { host: rinfo.address, port: rinfo.port };
      this.respond(listener.role, bytes, 'udp', from, (answer) => {
        if (!this.closed) listener.udp.send(answer, rinfo.port, rinfo.address);
      });
    });
    listener.tcp.on('connection', (socket) => {
      this.connections.add(socket);
      socket.on('close', () => this.connections.delete(socket));
      socket.on('error', () => socket.destroy());
      socket.setTimeout(5000, () => socket.destroy());
      let buffered = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        if (buffered.length > 70_000) socket.destroy();
        while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
          const message = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
          buffered = buffered.subarray(2 + message.length);
          this.respond(listener.role, Buffer.from(message), 'tcp', { host: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 }, (answer) => {
            const prefix = Buffer.alloc(2);
            prefix.writeUInt16BE(answer.length);
            if (!socket.destroyed) socket.write(Buffer.concat([prefix, answer]));
          });
        }
      });
    });
  }
}

async function bindRole(role: ServerRole): Promise<Listener> {
  const host = hierarchyAddresses[role];
  const udp = dgram.createSocket('udp4');
  udp.on('error', () => {});
  const tcp = net.createServer();
  tcp.on('error', () => {});
  try {
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(hierarchyPort, host, () => resolve());
    });
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(hierarchyPort, host, () => resolve());
    });
  } catch (error) {
    await closeListener({ role, udp, tcp });
    throw error;
  }
  return { role, udp, tcp };
}

async function closeListener(listener: Listener): Promise<void> {
  await new Promise<void>((resolve) => {
    try {
      listener.udp.close(() => resolve());
    } catch {
      resolve();
    }
  });
  await new Promise<void>((resolve) => (listener.tcp.listening ? listener.tcp.close(() => resolve()) : resolve()));
}
