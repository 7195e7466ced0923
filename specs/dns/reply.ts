import type { ZoneRecord } from './master-file.ts';
import dnsPacket from 'dns-packet';
import { violation } from '../../harness/core/expect.ts';
import { canonical, nameOfLabels } from './names.ts';
import { type WireMessage, type WireProblem, type WireRecord, walkMessage, writeMessage } from './wire-format.ts';

/**
 * A DNS message as a rule reads it: the header fields, the records as the strict walker saw
 * them, and the layout faults it found. Content checks look at records; only the rules of
 * RFC 1035 §4.1 look at `problems`, so one layout fault fails the rule about it and no other.
 */
export interface Reply {
  bytes: Buffer;
  message: WireMessage;
  problems: WireProblem[];
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  /** The 4-bit header RCODE; with EDNS, the OPT record's upper bits are in `extendedRcode`. */
  rcode: number;
  opt?: WireRecord;
  /** RCODE with the OPT record's upper 8 bits (RFC 6891 §6.1.3). */
  extendedRcode: number;
}

export const rcodes = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5, BADVERS: 16 } as const;
export const types = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41 } as const;
export const typeNames: Record<number, string> = Object.fromEntries(Object.entries(types).map(([k, v]) => [v, k]));

/** Reads a message from a target; a message with no readable structure fails the rule. */
export function readReply(bytes: Buffer, what = 'the response'): Reply {
  const walked = walkMessage(bytes);
  if (!walked.message) violation(`${what} is not a readable DNS message: ${walked.fatal}`, 'an RFC 1035 §4.1 message', `${bytes.length} bytes`);
  const { message, problems } = walked;
  const flags = message.header.readUInt16BE(2);
  const opt = message.additionals.find((r) => r.type === types.OPT);
  const rcode = flags & 0x0f;
  return {
    bytes,
    message,
    problems,
    id: message.header.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    opcode: (flags >> 11) & 0x0f,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    rcode,
    ...(opt ? { opt } : {}),
    extendedRcode: opt ? ((opt.ttl >>> 24) << 4) | rcode : rcode,
  };
}

/** The EDNS version of an OPT record (RFC 6891 §6.1.3: the TTL's second byte). */
export function ednsVersion(opt: WireRecord): number {
  return (opt.ttl >>> 16) & 0xff;
}

/** A record as one comparable string: owner and name-bearing RDATA case-folded. */
export function recordKey(record: WireRecord, withTtl = false): string {
  const rdata = record.rdata.map((p) => (p.kind === 'name' ? canonical(nameOfLabels(p.labels)) : p.bytes.toString('hex'))).join('|');
  return `${canonical(nameOfLabels(record.labels))} ${typeNames[record.type] ?? record.type} ${rdata}${withTtl ? ` ttl=${record.ttl}` : ''}`;
}

/** The RDATA of a record alone, for comparing a synthesized record with its source. */
export function rdataKey(record: WireRecord): string {
  return recordKey(record).split(' ').slice(2).join(' ');
}

const wireCache = new WeakMap<ZoneRecord, WireRecord>();

/** A master-file record as it goes on the wire, so zone and response compare byte for byte. */
export function wireRecordOf(answer: ZoneRecord): WireRecord {
  const cached = wireCache.get(answer);
  if (cached) return cached;
  const walked = walkMessage(dnsPacket.encode({ answers: [answer] }));
  const record = walked.message?.answers[0];
  if (!record) throw new Error(`cannot encode ${answer.name} ${answer.type}`);
  wireCache.set(answer, record);
  return record;
}

const zoneKeyCache = new WeakMap<ZoneRecord, string>();

/** recordKey of a zone record as it goes on the wire (zone data is fixed: computed once). */
export function zoneRecordKey(answer: ZoneRecord): string {
  let key = zoneKeyCache.get(answer);
  if (key === undefined) {
    key = recordKey(wireRecordOf(answer));
    zoneKeyCache.set(answer, key);
  }
  return key;
}

/** Shows a record set in a verdict. */
export function describeRecords(records: readonly WireRecord[]): string {
  return records.length === 0 ? '(none)' : records.map((r) => recordKey(r, true)).sort().join('; ');
}

/** The same message with every name written out in full, so dns-packet can decode it. */
export function expanded(reply: Reply): Buffer {
  return writeMessage(reply.message, false);
}
