import { randomInt } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket, { type DecodedPacket, type RecordType } from 'dns-packet';
import type { Endpoint } from '../../harness/wire/limits.ts';
import { sameName } from '../../specs/dns/names.ts';

/**
 * One query from the resolver to a name server. Over UDP each query gets a fresh socket (so a
 * source port the system picks at random) and a random ID (RFC 5452 §9.2); an answer counts only
 * if it comes from the server's address and port and carries the query's ID and question (§9.1).
 * Anything else is dropped and the wait goes on until the deadline.
 */

export interface UpstreamFaults {
  acceptWrongId?: boolean;
  acceptWrongQuestion?: boolean;
  acceptAnySource?: boolean;
  /** IDs counting up from 1. */
  sequentialIds?: boolean;
}

export interface UpstreamOptions {
  timeoutMs: number;
  faults: UpstreamFaults;
  /** A planted bug (fixtures/dns/mutants): one socket, one source port, for every query. */
  sharedSocket?: dgram.Socket;
}

const maxAnswerBytes = 65535;
let sequence = 0;

function nextId(faults: UpstreamFaults): number {
  if (faults.sequentialIds) return (sequence = (sequence + 1) & 0xffff);
  return randomInt(0, 0x10000);
}

function encode(id: number, name: string, type: string): Buffer {
  return dnsPacket.encode({ id, type: 'query', flags: 0, questions: [{ name, type: type as RecordType, class: 'IN' }] });
}

function matches(answer: DecodedPacket, id: number, name: string, type: string, faults: UpstreamFaults): boolean {
  const question = answer.questions?.[0];
  if (answer.type !== 'response') return false;
  if (!faults.acceptWrongId && answer.id !== id) return false;
  if (!faults.acceptWrongQuestion && (!question || !sameName(question.name, name) || question.type !== type)) return false;
  return true;
}

function decode(bytes: Buffer): DecodedPacket | undefined {
  try {
    return dnsPacket.decode(bytes);
  } catch {
    return undefined;
  }
}

async function udpSocket(options: UpstreamOptions): Promise<{ socket: dgram.Socket; shared: boolean }> {
  if (options.sharedSocket) return { socket: options.sharedSocket, shared: true };
  const socket = dgram.createSocket('udp4');
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.bind(0, resolve));
  return { socket, shared: false };
}

export async function queryOverUdp(server: Endpoint, name: string, type: string, options: UpstreamOptions): Promise<DecodedPacket | undefined> {
  const { faults } = options;
  const id = nextId(faults);
  const { socket, shared } = await udpSocket(options);
  return new Promise((resolve) => {
    const finish = (answer: DecodedPacket | undefined): void => {
      clearTimeout(timer);
      socket.removeListener('message', onMessage);
      if (!shared) socket.close();
      resolve(answer);
    };
    const onMessage = (bytes: Buffer, from: dgram.RemoteInfo): void => {
      if (!faults.acceptAnySource && (from.address !== server.host || from.port !== server.port)) return;
      const answer = decode(bytes);
      if (answer && matches(answer, id, name, type, faults)) finish(answer);
    };
    const timer = setTimeout(() => finish(undefined), options.timeoutMs);
    socket.on('message', onMessage);
    socket.send(encode(id, name, type), server.port, server.host);
  });
}

export function queryOverTcp(server: Endpoint, name: string, type: string, options: UpstreamOptions): Promise<DecodedPacket | undefined> {
  const id = nextId(options.faults);
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const socket = net.connect({ host: server.host, port: server.port });
    const finish = (answer: DecodedPacket | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish(undefined), options.timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
    socket.on('connect', () => {
      const message = encode(id, name, type);
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(message.length);
      socket.write(Buffer.concat([prefix, message]));
    });
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length > maxAnswerBytes + 2) return finish(undefined);
      if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
      const answer = decode(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
      finish(answer && matches(answer, id, name, type, options.faults) ? answer : undefined);
    });
  });
}
