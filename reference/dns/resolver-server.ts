import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import dnsPacket, { type DecodedPacket, type Packet } from 'dns-packet';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { optRecord } from '../../specs/dns/exchange.ts';
import { parseMasterFile } from '../../specs/dns/master-file.ts';
import { encodeWithin } from './answer-size.ts';
import { type ListenerFaults, listenDns } from './dns-listener.ts';
import { Resolver, type ResolverFaults } from './resolver.ts';

/**
 * The recursive resolver a host asks (RFC 1034 §5.3.1): it takes questions with RD over UDP
 * and TCP, resolves them iteratively from the root hints, and answers with RA set — from its
 * cache when it can.
 */

export interface ResolverServerFaults extends ResolverFaults {
  /** Answers with the ID plus one. */
  idNotEchoed?: boolean;
  raClear?: boolean;
  rdNotCopied?: boolean;
  /** Negative answers from the cache lose their SOA. */
  negativeWithoutSoa?: boolean;
  /** One upstream socket for every query. */
  fixedSourcePort?: boolean;
  listener?: ListenerFaults;
}

export interface ResolverServerOptions extends ServerStartOptions {
  /** Where the root servers are; default fixtures/dns/root.hints. */
  rootHintsFile?: string;
  upstreamPort?: number;
  upstreamTimeoutMs?: number;
}

/** The A records of a hints file: the root servers' addresses. */
export function rootServersFrom(file: string): string[] {
  const hints = parseMasterFile(readFileSync(file, 'utf8'), path.basename(file), '.', false);
  const addresses = hints.records.filter((r) => r.type === 'A').map((r) => r.data as string);
  if (addresses.length === 0) throw new Error(`${file} names no root server address`);
  return addresses;
}

function errorAnswer(query: DecodedPacket, rcode: number): Packet {
  return { id: query.id ?? 0, type: 'response', flags: ((query.flags ?? 0) & dnsPacket.RECURSION_DESIRED) | dnsPacket.RECURSION_AVAILABLE | rcode, questions: query.questions ?? [] };
}

/** Questions resolved at once at most; past it a host gets SERVFAIL at once rather than a queue without end. */
const maxInFlight = 512;

export async function startResolverServer(options: ResolverServerOptions, faults: ResolverServerFaults = {}): Promise<RunningServer> {
  const rootServers = rootServersFrom(options.rootHintsFile ?? path.join(options.fixturesDir, 'dns', 'root.hints'));
  let sharedSocket: dgram.Socket | undefined;
  if (faults.fixedSourcePort) {
    sharedSocket = dgram.createSocket('udp4');
    sharedSocket.on('error', () => {});
    await new Promise<void>((resolve) => sharedSocket?.bind(0, resolve));
  }
  let inFlight = 0;
  const resolver = new Resolver({ rootServers, upstreamPort: options.upstreamPort ?? 53, timeoutMs: options.upstreamTimeoutMs ?? 300, faults, ...(sharedSocket ? { sharedSocket } : {}) });
  const listener = await listenDns({ host: options.host, port: options.port, ...(faults.listener ? { faults: faults.listener } : {}) }, async (bytes, context) => {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(bytes);
    } catch {
      return bytes.length >= 12 ? dnsPacket.encode({ id: bytes.readUInt16BE(0), type: 'response', flags: 1 }) : undefined;
    }
    if (query.type !== 'query') return undefined;
    const question = query.questions?.[0];
    const opt = query.additionals?.find((r) => r.type === 'OPT');
    const limit = context.transport === 'tcp' ? 65535 : Math.max(512, opt && 'udpPayloadSize' in opt ? (opt.udpPayloadSize ?? 512) : 512);
    if (((query.flags ?? 0) >> 11) & 0x0f) return encodeWithin(errorAnswer(query, 4), limit);
    if (!question || (query.questions?.length ?? 0) !== 1) return encodeWithin(errorAnswer(query, 1), limit);
    if (inFlight >= maxInFlight) return encodeWithin(errorAnswer(query, 2), limit);
    inFlight += 1;
    const result = await resolver.resolve(question.name, question.type).finally(() => {
      inFlight -= 1;
    });
    const rd = faults.rdNotCopied ? 0 : (query.flags ?? 0) & dnsPacket.RECURSION_DESIRED;
    const answer: Packet = {
      id: faults.idNotEchoed ? ((query.id ?? 0) + 1) & 0xffff : query.id ?? 0,
      type: 'response',
      flags: rd | (faults.raClear ? 0 : dnsPacket.RECURSION_AVAILABLE) | result.rcode,
      questions: [question],
      answers: result.answers,
      authorities: faults.negativeWithoutSoa && result.fromCache ? [] : result.authorities,
      additionals: opt ? [optRecord(1232, 0)] : [],
    };
    return encodeWithin(answer, limit);
  });
  return {
    endpoint: listener.endpoint,
    close: async () => {
      await listener.close();
      if (sharedSocket) await new Promise<void>((resolve) => sharedSocket?.close(() => resolve()));
    },
  };
}

