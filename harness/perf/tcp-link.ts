import net from 'node:net';
import { type Clock, type TimerHandle, systemClock } from './clock.ts';
import { DelayLine } from './delay-line.ts';
import { type DirectionConfig, type LinkConfig, validateLink } from './link-config.ts';
import { type LinkStartOptions, type LinkStats, type RunningLink, defaultLinkIdleTimeoutMs, directionStats } from './running-link.ts';
import type { Endpoint } from '../wire/limits.ts';

/**
 * Bytes are cut into segments before they enter the link, as a wire carries packets:
 * connections sharing the link interleave, and the far end sees data trickle in at the link
 * rate instead of in one burst per socket read. A segment is what the link sends in about a
 * millisecond (the timers' resolution), at least TCP's 1460-byte Ethernet payload: finer
 * pieces would cost CPU without changing any delivery time.
 */
function segmentBytes(direction: DirectionConfig): number {
  const perMs = (direction.rateBitsPerSecond ?? Number.POSITIVE_INFINITY) / 8 / 1000;
  return Math.round(Math.min(64 * 1024, Math.max(1460, perMs)));
}

interface Splice {
  client: net.Socket;
  server: net.Socket | undefined;
  /** Bytes (and the FIN) that reached the server side while its handshake was still emulated. */
  early: Buffer[];
  earlyFin: boolean;
  handshake: TimerHandle | undefined;
  dead: boolean;
  /** When bytes were last handed to the server with no answer since (for its think time). */
  awaitingSince: number | undefined;
}

type Carried = { splice: Splice; data: Buffer } | { splice: Splice; fin: true } | { splice: Splice; reset: true };

/**
 * A loopback TCP proxy that behaves like the course's link between a client and `target`:
 * one-way delay and a serializing rate limit in each direction, shared by every connection.
 *
 * The kernel completes the client's connect at once, so the handshake's round trip is put back
 * by opening the connection to the target only after SYN, SYN-ACK and ACK would have crossed
 * the link (up + down + up delay): the client's first bytes reach the server one RTT after the
 * connect, and a server that speaks first is heard two RTTs after it, as on a real path.
 * Half-closes are carried like data (a FIN crosses the link after the bytes before it), so
 * both sockets allow half-open connections. Memory is bounded: when a direction holds more
 * than its queue cap, the sockets feeding it are paused (TCP flow control does the rest) until
 * it drains to half; a peer that stops reading while a queue's worth waits for it is dropped.
 */
export async function startTcpLink(target: Endpoint, config: LinkConfig, options: LinkStartOptions & { clock?: Clock } = {}): Promise<RunningLink> {
  validateLink(config);
  const clock = options.clock ?? systemClock;
  const idleMs = options.idleTimeoutMs ?? defaultLinkIdleTimeoutMs;
  const handshakeMs = 2 * config.up.delayMs + config.down.delayMs;
  const splices = new Set<Splice>();
  let sessions = 0;
  const think = { total: 0, count: 0 };

  const up: DelayLine<Carried> = new DelayLine(config.up, (items) => deliver(items, 'up'), clock);
  const down: DelayLine<Carried> = new DelayLine(config.down, (items) => deliver(items, 'down'), clock);

  const segments = { up: segmentBytes(config.up), down: segmentBytes(config.down) };
  const feeders = (direction: 'up' | 'down'): net.Socket[] =>
    [...splices].map((s) => (direction === 'up' ? s.client : s.server)).filter((s): s is net.Socket => s !== undefined);

  function carry(direction: 'up' | 'down', splice: Splice, data: Buffer): void {
    const line = direction === 'up' ? up : down;
    const size = segments[direction];
    for (let offset = 0; offset < data.length; offset += size) {
      const piece = data.subarray(offset, offset + size);
      line.push({ splice, data: piece }, piece.length);
    }
    if (line.isFull) for (const socket of feeders(direction)) socket.pause();
  }

  function deliver(items: Carried[], direction: 'up' | 'down'): void {
    const line = direction === 'up' ? up : down;
    const touched = new Set<net.Socket>();
    for (const item of items) {
      const { splice } = item;
      if (splice.dead) continue;
      const socket = direction === 'up' ? splice.server : splice.client;
      if ('reset' in item) {
        kill(splice);
      } else if (!socket) {
        // Only the server side can be missing: its connection is still in the handshake.
        if ('fin' in item) splice.earlyFin = true;
        else splice.early.push(item.data);
      } else if ('fin' in item) {
        socket.end();
      } else {
        if (!touched.has(socket)) socket.cork();
        touched.add(socket);
        socket.write(item.data);
        if (direction === 'up') splice.awaitingSince ??= clock.now();
        if (socket.writableLength > line.capBytes) kill(splice);
      }
    }
    for (const socket of touched) socket.uncork();
    if (line.queuedBytes <= line.capBytes / 2) for (const socket of feeders(direction)) socket.resume();
  }

  function kill(splice: Splice): void {
    if (splice.dead) return;
    splice.dead = true;
    splice.handshake?.cancel();
    splice.client.destroy();
    splice.server?.destroy();
    splices.delete(splice);
  }

  function wire(socket: net.Socket, splice: Splice, direction: 'up' | 'down'): void {
    socket.setNoDelay(true);
    socket.setTimeout(idleMs, () => kill(splice));
    socket.on('data', (data: Buffer) => {
      if (direction === 'down' && splice.awaitingSince !== undefined) {
        think.total += clock.now() - splice.awaitingSince;
        think.count += 1;
        splice.awaitingSince = undefined;
      }
      carry(direction, splice, data);
    });
    socket.on('end', () => (direction === 'up' ? up : down).push({ splice, fin: true }, 0));
    socket.on('error', () => (direction === 'up' ? up : down).push({ splice, reset: true }, 0));
    socket.on('close', () => {
      // Both sides closed cleanly: nothing more will cross. A server side still in its
      // handshake will open and must stay known, so that close() can reach it.
      const serverGone = splice.server ? splice.server.destroyed : splice.handshake === undefined;
      if (splice.client.destroyed && serverGone) splices.delete(splice);
    });
  }

  function openServerSide(splice: Splice): void {
    splice.handshake = undefined;
    if (splice.dead) return;
    // Writes before the loopback connect completes are queued by the socket itself.
    const server = net.connect({ host: target.host, port: target.port, allowHalfOpen: true });
    splice.server = server;
    for (const data of splice.early) server.write(data);
    if (splice.early.length > 0) splice.awaitingSince = clock.now();
    splice.early = [];
    if (splice.earlyFin) server.end();
    // A refusal (or any error) resets the client's connection, as the real path would.
    server.once('error', () => kill(splice));
    wire(server, splice, 'down');
  }

  const listener = net.createServer({ allowHalfOpen: true }, (client) => {
    sessions += 1;
    const splice: Splice = { client, server: undefined, early: [], earlyFin: false, handshake: undefined, dead: false, awaitingSince: undefined };
    splices.add(splice);
    wire(client, splice, 'up');
    splice.handshake = clock.at(clock.now() + handshakeMs, () => openServerSide(splice));
  });
  listener.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      listener.removeListener('error', reject);
      resolve();
    });
  });
  const address = listener.address() as net.AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    endpoint: { host: options.host ?? '127.0.0.1', port: address.port },
    stats: (): LinkStats => ({
      up: directionStats(up),
      down: directionStats(down),
      sessions,
      serverThinkMs: think.count > 0 ? think.total / think.count : 0,
    }),
    close: () => {
      // Idempotent: a second close waits for the first.
      closing ??= new Promise<void>((resolve) => {
        up.close();
        down.close();
        for (const splice of [...splices]) kill(splice);
        listener.close(() => resolve());
      });
      return closing;
    },
  };
}
