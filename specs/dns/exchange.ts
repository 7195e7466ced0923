import dnsPacket, { type OptAnswer, type Packet, type RecordType } from 'dns-packet';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';
import { type Reply, readReply } from './reply.ts';

/** What a rule asks: one question, with the header bits and EDNS it chooses. */
export interface Query {
  id: number;
  name: string;
  type: string;
  rd?: boolean;
  opcode?: number;
  /** An OPT record: its version and UDP payload size (RFC 6891 §6.1.2). */
  edns?: { version: number; size: number };
}

/** The largest UDP answer a rule accepts (RFC 6891's payload ceiling). */
export const udpCap = 65535;

/** An OPT pseudo-record (RFC 6891 §6.1.2); `extendedRcode` holds RCODE's upper eight bits. */
export function optRecord(size: number, version: number, extendedRcode = 0): OptAnswer {
  return { type: 'OPT', name: '.', udpPayloadSize: size, extendedRcode, ednsVersion: version, flags: 0, flag_do: false, options: [] };
}

export function encodeQuery(query: Query): Buffer {
  const flags = ((query.opcode ?? 0) << 11) | (query.rd ? dnsPacket.RECURSION_DESIRED : 0);
  const packet: Packet = {
    id: query.id,
    type: 'query',
    flags,
    questions: [{ name: query.name, type: query.type as RecordType, class: 'IN' }],
  };
  if (query.edns) {
    packet.additionals = [optRecord(query.edns.size, query.edns.version)];
  }
  return dnsPacket.encode(packet);
}

export function describeQuery(query: Query): string {
  const bits = [query.rd ? 'RD' : '', query.opcode ? `opcode ${query.opcode}` : '', query.edns ? `EDNS v${query.edns.version} size ${query.edns.size}` : ''].filter(Boolean);
  return `${query.name} ${query.type} id ${query.id}${bits.length ? ` (${bits.join(', ')})` : ''}`;
}

/**
 * Sends one datagram to the target (or `to`) and reads the first answer to it, from a new
 * socket; in a batched run (io.reuse), from the socket this run already asks `to` from.
 */
export async function askUdp(io: RunIO, message: Buffer, label: string, to: Endpoint = io.target): Promise<Reply & { from: Endpoint }> {
  const socket = await io.udpForExchange(to);
  io.step(`UDP: ${label}`);
  await socket.send(message, to);
  const answer = await socket.receive(`the answer to ${label}`, { maxBytes: udpCap });
  const reply = readReply(answer.data, `the answer to ${label}`);
  io.exchanged();
  return Object.assign(reply, { from: answer.from });
}

/** Frames a message with the two-byte length of RFC 1035 §4.2.2. */
export function framed(message: Buffer): Buffer {
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length);
  return Buffer.concat([prefix, message]);
}

/** Reads one length-prefixed message from a TCP connection. */
export async function readFramed(connection: TcpConnection, label: string): Promise<Reply> {
  const prefix = await connection.readExactly(2, `the length prefix of the answer to ${label}`);
  const length = prefix.readUInt16BE(0);
  const body = await connection.readExactly(length, `the ${length}-byte answer to ${label}`, { maxBytes: udpCap });
  return readReply(body, `the answer to ${label}`);
}

export async function askTcp(io: RunIO, message: Buffer, label: string, connection?: TcpConnection): Promise<Reply> {
  const conn = connection ?? (await io.tcp());
  io.step(`TCP: ${label}`);
  await conn.write(framed(message));
  const reply = await readFramed(conn, label);
  io.exchanged();
  return reply;
}

export async function ask(io: RunIO, query: Query, transport: 'udp' | 'tcp' = 'udp'): Promise<Reply> {
  const label = describeQuery(query);
  return transport === 'udp' ? askUdp(io, encodeQuery(query), label) : askTcp(io, encodeQuery(query), label);
}

/** Asks over UDP and, when the answer is truncated (TC), again over TCP, as a client would. */
export async function askWhole(io: RunIO, query: Query): Promise<Reply> {
  const reply = await ask(io, query);
  if (!reply.tc) return reply;
  io.step('the UDP answer has TC set: ask again over TCP');
  return ask(io, query, 'tcp');
}
