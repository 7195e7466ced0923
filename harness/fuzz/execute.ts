import type { Endpoint } from '../wire/limits.ts';
import { TcpConnection } from '../wire/tcp-connection.ts';
import type { Transcript } from '../wire/transcript.ts';
import { UdpSocket } from '../wire/udp-socket.ts';
import type { Session } from './session.ts';

/** How long one execution may wait, and how much of the reply it keeps. */
export interface ExecLimits {
  /** Deadline of a connect, and of the whole wait for a reply. */
  readTimeoutMs: number;
  /** The reply is over once nothing more arrives for this long (or the target closes). */
  quietMs: number;
  /** Bytes of reply kept at most; past it the connection is dropped. */
  maxReplyBytes: number;
}

export interface ExecOptions {
  /** Keep waiting until the first reply byte (up to the deadline), as a liveness probe does. */
  waitForFirstByte?: boolean;
  /** Records the exchange (a finding's transcript); executions while fuzzing record nothing. */
  transcript?: Transcript;
}

export interface Exchange {
  /** The target could not be reached at all (connect refused or timed out). */
  unreachable: boolean;
  reply: Buffer;
  /** The target closed (or reset) the connection. */
  closed: boolean;
}

/**
 * Sends one session over a fresh connection (TCP: each chunk a write, then a half-close; UDP:
 * each chunk a datagram) and collects the reply until the target closes, falls quiet, hits the
 * byte cap or the deadline. A dead or hostile target gives an Exchange, never an exception.
 */
export async function execute(session: Session, endpoint: Endpoint, limits: ExecLimits, options: ExecOptions = {}): Promise<Exchange> {
  return session.transport === 'tcp' ? executeTcp(session, endpoint, limits, options) : executeUdp(session, endpoint, limits, options);
}

async function executeTcp(session: Session, endpoint: Endpoint, limits: ExecLimits, options: ExecOptions): Promise<Exchange> {
  let connection: TcpConnection;
  try {
    connection = await TcpConnection.open(endpoint, { limits: wireLimits(limits), transcript: options.transcript });
  } catch {
    return { unreachable: true, reply: Buffer.alloc(0), closed: true };
  }
  try {
    for (const chunk of session.chunks) {
      if (connection.closedByTarget) break;
      await connection.write(chunk);
    }
    if (!connection.closedByTarget) connection.endWrite();
    await waitForReply(connection, limits, options.waitForFirstByte ?? false);
    return { unreachable: false, reply: Buffer.from(connection.pending.subarray(0, limits.maxReplyBytes)), closed: connection.closedByTarget };
  } catch {
    return { unreachable: false, reply: Buffer.from(connection.pending.subarray(0, limits.maxReplyBytes)), closed: true };
  } finally {
    connection.close();
  }
}

function wireLimits(limits: ExecLimits): { readTimeoutMs: number; maxReplyBytes: number } {
  return { readTimeoutMs: limits.readTimeoutMs, maxReplyBytes: limits.maxReplyBytes };
}

async function executeUdp(session: Session, endpoint: Endpoint, limits: ExecLimits, options: ExecOptions): Promise<Exchange> {
  const socket = await UdpSocket.forEndpoint(endpoint, { limits: wireLimits(limits), transcript: options.transcript });
  const replies: Buffer[] = [];
  let received = 0;
  try {
    for (const chunk of session.chunks) await socket.send(chunk, endpoint);
    // Each datagram ends its wait at once; the reply is over after quietMs without one.
    const deadline = Date.now() + limits.readTimeoutMs;
    let wait = options.waitForFirstByte ? limits.readTimeoutMs : limits.quietMs;
    while (received < limits.maxReplyBytes && Date.now() < deadline) {
      const datagram = await socket.receive('a reply', { timeoutMs: Math.min(wait, deadline - Date.now()), maxBytes: limits.maxReplyBytes }).catch(() => undefined);
      if (!datagram) break;
      received += datagram.data.length;
      replies.push(datagram.data);
      wait = limits.quietMs;
    }
    return { unreachable: false, reply: Buffer.concat(replies).subarray(0, limits.maxReplyBytes), closed: false };
  } catch {
    // A send refused by the kernel (ICMP port unreachable seen earlier): nobody listens.
    return { unreachable: true, reply: Buffer.concat(replies), closed: false };
  } finally {
    socket.close();
  }
}

/** Waits while bytes keep coming, within the deadline and the byte cap. */
async function waitForReply(connection: TcpConnection, limits: ExecLimits, waitForFirstByte: boolean): Promise<void> {
  const received = (): number => connection.bytesReceived;
  const closed = (): boolean => connection.closedByTarget;
  const deadline = Date.now() + limits.readTimeoutMs;
  let before = -1;
  while (!closed() && received() < limits.maxReplyBytes && Date.now() < deadline) {
    const now = received();
    if (now === before && !(waitForFirstByte && now === 0)) return;
    before = now;
    await connection.collectFor(Math.min(limits.quietMs, Math.max(1, deadline - Date.now())));
  }
}
