import dnsPacket, { type Packet } from 'dns-packet';
import { type WireMessage, walkMessage, writeMessage } from '../../specs/dns/wire-format.ts';

const typeOpt = 41;

/** Encodes an answer compressed (RFC 1035 §4.1.4) and cut to `limit` octets (RFC 2181 §9). */
export function encodeWithin(packet: Packet, limit: number): Buffer {
  return fitted(compressed(packet), limit);
}

function compressed(packet: Packet): WireMessage {
  const walked = walkMessage(dnsPacket.encode(packet));
  if (!walked.message) throw new Error('dns-packet produced an unreadable message');
  return walked.message;
}

/**
 * Cuts a message to `limit` bytes: additional data goes first (it is optional); if the answer or
 * authority still do not fit, they go too and TC tells the client to ask over TCP.
 */
function fitted(message: WireMessage, limit: number): Buffer {
  const whole = writeMessage(message, true);
  if (whole.length <= limit) return whole;
  const opt = message.additionals.filter((r) => r.type === typeOpt);
  const lean = writeMessage({ ...message, additionals: opt }, true);
  if (lean.length <= limit) return lean;
  const header = Buffer.from(message.header);
  header.writeUInt16BE(header.readUInt16BE(2) | 0x0200, 2);
  return writeMessage({ ...message, header, answers: [], authorities: [], additionals: opt }, true);
}
