import dnsPacket, { type DecodedPacket, type Packet } from 'dns-packet';
import { optRecord } from '../../specs/dns/exchange.ts';
import type { RunningServer, ServerStartOptions } from '../../harness/core/suite.ts';
import { walkMessage, writeMessage } from '../../specs/dns/wire-format.ts';
import { AnswerCache } from './answer-cache.ts';
import { encodeWithin } from './answer-size.ts';
import { zoneFiles as fixtureZoneFiles } from '../../specs/dns/zone-view.ts';
import { type ListenerFaults, type QueryContext, listenDns } from './dns-listener.ts';
import { ZoneStore } from './zone-store.ts';

/** The request as the server understood it, handed to fault hooks. */
export interface ParsedQuery {
  packet: DecodedPacket;
  context: QueryContext;
}

/**
 * The documented hooks for planted-bug servers (fixtures/dns/mutants); the reference runs with
 * none. `rewriteQuery` changes the query before it is read; `rewrite` changes (or drops, with
 * undefined) an answer built from the zones; `rewriteWire` changes (or drops) any answer's bytes;
 * `udpLimit` replaces the rule for the UDP size limit; `listener` plants transport bugs.
 */
export interface AuthoritativeHooks {
  rewriteQuery?: (query: Buffer) => Buffer;
  rewrite?: (answer: Packet, query: ParsedQuery) => Packet | undefined;
  rewriteWire?: (answer: Buffer, query: Buffer, context: QueryContext) => Buffer | undefined;
  udpLimit?: (offered: number | undefined) => number;
  listener?: ListenerFaults;
}

const classicUdpLimit = 512;
/** The UDP payload this server offers (RFC 6891 §6.2.5; 1232 avoids IP fragmentation). */
const serverPayloadSize = 1232;
const typeOpt = 41;

function header(bytes: Buffer): { id: number; flags: number } | undefined {
  return bytes.length >= 12 ? { id: bytes.readUInt16BE(0), flags: bytes.readUInt16BE(2) } : undefined;
}

/** An error answer carrying only the header (and the question, when it was readable). */
export function errorAnswer(id: number, flags: number, rcode: number, questions: Packet['questions'] = []): Buffer {
  const opcode = (flags >> 11) & 0x0f;
  return dnsPacket.encode({ id, type: 'response', flags: (opcode << 11) | (flags & dnsPacket.RECURSION_DESIRED) | rcode, questions });
}

/**
 * Answers one query: FORMERR for what cannot be read (RFC 1035 §4.1.1), NOTIMP for opcodes
 * other than QUERY, BADVERS for EDNS versions above 0 (RFC 6891 §6.1.3), REFUSED outside the
 * served zones, else the zone lookup — compressed (§4.1.4) and cut to the transport's size
 * with TC set when a needed RRset does not fit (RFC 2181 §9).
 */
export function answerQuery(store: ZoneStore, received: Buffer, context: QueryContext, hooks: AuthoritativeHooks = {}): Buffer | undefined {
  const bytes = hooks.rewriteQuery ? hooks.rewriteQuery(received) : received;
  const answer = buildAnswer(store, bytes, context, hooks);
  return answer && hooks.rewriteWire ? hooks.rewriteWire(answer, bytes, context) : answer;
}

/** The standard UDP limit: 512 octets, or the payload an OPT record offers when larger (RFC 6891 §6.2.3). */
function standardUdpLimit(offered: number | undefined): number {
  return Math.max(classicUdpLimit, offered ?? 0);
}

function buildAnswer(store: ZoneStore, bytes: Buffer, context: QueryContext, hooks: AuthoritativeHooks): Buffer | undefined {
  const head = header(bytes);
  if (!head || head.flags & 0x8000) return undefined; // too short to answer, or itself a response
  const opcode = (head.flags >> 11) & 0x0f;
  const walked = walkMessage(bytes);
  if (opcode !== 0) return errorAnswer(head.id, head.flags, 4);
  const message = walked.message;
  if (!message || walked.problems.length > 0 || message.questions.length !== 1 || message.answers.length > 0 || message.authorities.length > 0) {
    return errorAnswer(head.id, head.flags, 1);
  }
  const opts = message.additionals.filter((r) => r.type === typeOpt);
  if (opts.length > 1 || opts.some((o) => o.labels.length !== 0)) return errorAnswer(head.id, head.flags, 1);
  let packet: DecodedPacket;
  try {
    packet = dnsPacket.decode(writeMessage(message, false));
  } catch {
    return errorAnswer(head.id, head.flags, 1);
  }
  const query: ParsedQuery = { packet, context };
  const question = packet.questions?.[0];
  if (!question) return errorAnswer(head.id, head.flags, 1);
  const requestOpt = opts[0];
  const responseOpt = requestOpt ? optRecord(serverPayloadSize, 0) : undefined;
  const base: Packet = {
    id: head.id,
    type: 'response',
    flags: (head.flags & dnsPacket.RECURSION_DESIRED),
    questions: [question],
    answers: [],
    authorities: [],
    additionals: responseOpt ? [responseOpt] : [],
  };
  let answer: Packet;
  if (requestOpt && ((requestOpt.ttl >>> 16) & 0xff) > 0) {
    // BADVERS is 16: the low four bits (0) go in the header, the upper eight in the OPT record.
    answer = { ...base, additionals: [optRecord(serverPayloadSize, 0, 1)] };
  } else if (question.class !== 'IN') {
    answer = { ...base, flags: (base.flags ?? 0) | 5 };
  } else {
    const result = store.lookup(question.name, question.type);
    const rcode = { NOERROR: 0, NXDOMAIN: 3, REFUSED: 5 }[result.rcode];
    answer = {
      ...base,
      flags: (base.flags ?? 0) | rcode | (result.authoritative ? dnsPacket.AUTHORITATIVE_ANSWER : 0),
      answers: result.answers,
      authorities: result.authorities,
      additionals: [...result.additionals, ...(base.additionals ?? [])],
    };
  }
  const rewritten = hooks.rewrite ? hooks.rewrite(answer, query) : answer;
  if (!rewritten) return undefined;
  const limit = context.transport === 'tcp' ? 65535 : (hooks.udpLimit ?? standardUdpLimit)(requestOpt?.klass);
  return encodeWithin(rewritten, limit);
}

export async function startAuthoritativeServer(options: ServerStartOptions, hooks: AuthoritativeHooks = {}, zoneFiles?: string[]): Promise<RunningServer> {
  const store = ZoneStore.fromFiles(zoneFiles ?? fixtureZoneFiles({ fixturesDir: options.fixturesDir }));
  // Planted bugs may depend on more than the question, so a server with hooks builds every answer.
  const planted = Object.keys(hooks).length > 0;
  const cache = new AnswerCache();
  const listener = await listenDns({ host: options.host, port: options.port, ...(hooks.listener ? { faults: hooks.listener } : {}) }, async (query, context) => {
    const key = planted ? undefined : cache.key(query, context.transport);
    const hit = key === undefined ? undefined : cache.get(key, query);
    if (hit) return hit;
    const answer = answerQuery(store, query, context, hooks);
    if (answer && key !== undefined && answer.length >= 12 && answer.readUInt16BE(4) === 1) cache.set(key, answer);
    return answer;
  });
  return { endpoint: listener.endpoint, close: () => listener.close() };
}
