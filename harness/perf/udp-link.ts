import dgram from 'node:dgram';
import net from 'node:net';
import { type Clock, systemClock } from './clock.ts';
import { DelayLine } from './delay-line.ts';
import { type DirectionConfig, type LinkConfig, validateLink } from './link-config.ts';
import { type LinkStartOptions, type LinkStats, type RunningLink, defaultLinkIdleTimeoutMs, directionStats } from './running-link.ts';
import { seededRandom } from './seeded-random.ts';
import type { Endpoint } from '../wire/limits.ts';

/**
 * Kernel receive buffer of the relay's sockets. The default (~200 KB, counted with overhead)
 * holds a few dozen datagrams: a burst larger than that would be lost before the emulator saw
 * it, which is loss nobody configured. Linux caps this at net.core.rmem_max.
 */
const receiveBufferBytes = 2 * 1024 * 1024;

/** Client sessions kept at once; past this the oldest idle one is dropped to make room. */
const sessionCap = 256;

interface Session {
  key: string;
  client: Endpoint;
  /** The emulator's socket towards the target, one per client so replies find their way back. */
  upstream: dgram.Socket;
  lastActive: number;
}

interface Carried {
  session: Session;
  data: Buffer;
}

/**
 * A loopback UDP relay with the course's link in between: each datagram is dropped with the
 * direction's loss probability (a seeded generator, so runs repeat), else serialized at the
 * link rate and delivered after the one-way delay. A full queue drops the datagram, as a
 * router's buffer does. Each client address gets its own socket towards the target.
 */
export async function startUdpLink(target: Endpoint, config: LinkConfig, options: LinkStartOptions & { clock?: Clock } = {}): Promise<RunningLink> {
  validateLink(config);
  const clock = options.clock ?? systemClock;
  const idleMs = options.idleTimeoutMs ?? defaultLinkIdleTimeoutMs;
  const host = options.host ?? '127.0.0.1';
  const family = net.isIPv6(host) ? 'udp6' : 'udp4';
  const sessions = new Map<string, Session>();
  let sessionCount = 0;
  const seed = config.seed ?? 1;
  const upDrops = { lostDatagrams: 0, overflowDatagrams: 0 };
  const downDrops = { lostDatagrams: 0, overflowDatagrams: 0 };

  const listener = dgram.createSocket({ type: family, recvBufferSize: receiveBufferBytes });
  const up = new DelayLine<Carried>(config.up, (items) => {
    for (const { session, data } of items) session.upstream.send(data, target.port, target.host);
  }, clock);
  const down = new DelayLine<Carried>(config.down, (items) => {
    for (const { session, data } of items) listener.send(data, session.client.port, session.client.host);
  }, clock);

  const admit = (line: DelayLine<Carried>, direction: DirectionConfig, stats: typeof upDrops, random: () => number, item: Carried): void => {
    item.session.lastActive = clock.now();
    // The generator is drawn for every datagram, lossy or not, so the sequence of decisions
    // depends only on the seed and the datagram's position.
    const lost = random() < (direction.lossRate ?? 0);
    if (lost) stats.lostDatagrams += 1;
    else if (line.queuedBytes + item.data.length > line.capBytes) stats.overflowDatagrams += 1;
    else line.push(item, item.data.length);
  };
  const upRandom = seededRandom(seed);
  const downRandom = seededRandom(seed + 1);

  const openSession = (client: Endpoint): Session => {
    const key = `${client.host}|${client.port}`;
    const known = sessions.get(key);
    if (known) return known;
    if (sessions.size >= sessionCap) {
      const oldest = [...sessions.values()].sort((a, b) => a.lastActive - b.lastActive)[0];
      if (oldest) endSession(oldest);
    }
    const upstream = dgram.createSocket({ type: net.isIPv6(target.host) ? 'udp6' : 'udp4', recvBufferSize: receiveBufferBytes });
    const session: Session = { key, client, upstream, lastActive: clock.now() };
    upstream.on('message', (data) => admit(down, config.down, downDrops, downRandom, { session, data }));
    // An ICMP "port unreachable" from a dead target must not stop the relay.
    upstream.on('error', () => {});
    sessions.set(key, session);
    sessionCount += 1;
    return session;
  };
  const endSession = (session: Session): void => {
    sessions.delete(session.key);
    session.upstream.close();
  };

  listener.on('message', (data, from) => {
    admit(up, config.up, upDrops, upRandom, { session: openSession({ host: from.address, port: from.port }), data });
  });
  listener.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.bind(options.port ?? 0, host, () => {
      listener.removeListener('error', reject);
      resolve();
    });
  });
  const sweep = setInterval(() => {
    const now = clock.now();
    for (const session of [...sessions.values()]) if (now - session.lastActive > idleMs) endSession(session);
  }, Math.max(100, idleMs / 2));
  sweep.unref();
  let closing: Promise<void> | undefined;

  return {
    endpoint: { host, port: listener.address().port },
    stats: (): LinkStats => ({
      up: directionStats(up, upDrops),
      down: directionStats(down, downDrops),
      sessions: sessionCount,
    }),
    close: () => {
      // Idempotent: a second close waits for the first.
      closing ??= new Promise<void>((resolve) => {
        clearInterval(sweep);
        up.close();
        down.close();
        for (const session of [...sessions.values()]) endSession(session);
        listener.close(() => resolve());
      });
      return closing;
    },
  };
}
