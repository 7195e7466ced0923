import { randomBytes, randomInt } from 'node:crypto';

export interface PeerIdentity {
  peerId: Uint8Array;
  port: number;
}

let lastPort = 1024 + randomInt(64_000);

/**
 * Peers the tracker has never seen: a random peer id and the next port of a rotating counter.
 * Not drawn by fast-check on purpose: a tracker remembers peers across runs, and a shrunk input
 * would reuse an identity a previous run left in the swarm, so every run gets new ones.
 */
export function freshPeers(count: number): PeerIdentity[] {
  return Array.from({ length: count }, () => {
    lastPort = lastPort >= 65535 ? 1024 : lastPort + 1;
    return { peerId: Buffer.concat([Buffer.from('-RF0100-'), randomBytes(12)]), port: lastPort };
  });
}
