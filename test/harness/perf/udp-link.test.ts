import { afterEach, describe, expect, it } from 'vitest';
import { symmetricLink } from '../../../harness/perf/link-config.ts';
import { startUdpLink } from '../../../harness/perf/udp-link.ts';
import { UdpSocket } from '../../../harness/wire/udp-socket.ts';
import { startUdpUppercaseServer } from '../../../reference/echo/udp-server.ts';

const earlyMs = 1;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(config: Parameters<typeof startUdpLink>[1]) {
  const server = await startUdpUppercaseServer({ host: '127.0.0.1', port: 0, fixturesDir: '' });
  cleanups.push(server.close);
  const link = await startUdpLink(server.endpoint, config);
  cleanups.push(link.close);
  const socket = await UdpSocket.open({ limits: { readTimeoutMs: 2_000 } });
  cleanups.push(async () => socket.close());
  return { link, socket };
}

/** Sends `count` numbered datagrams and returns the numbers that came back. */
async function survivors(count: number, seed: number): Promise<number[]> {
  const { link, socket } = await setUp({ ...symmetricLink({ rttMs: 2, lossRate: 0.3 }), seed });
  for (let i = 0; i < count; i++) await socket.send(`n${i}`, link.endpoint);
  const replies = await socket.collectFor(300);
  const stats = link.stats();
  expect(stats.up.lostDatagrams + stats.down.lostDatagrams + replies.length).toBe(count);
  return replies.map((r) => Number(r.data.toString().slice(1))).sort((a, b) => a - b);
}

describe('the UDP link emulator', () => {
  it('answers after one RTT, not before', async () => {
    const { link, socket } = await setUp(symmetricLink({ rttMs: 30 }));
    const started = performance.now();
    await socket.send('ping', link.endpoint);
    const reply = await socket.receive();
    expect(performance.now() - started).toBeGreaterThanOrEqual(30 - earlyMs);
    expect(reply.data.toString()).toBe('PING');
    expect(reply.from).toEqual(link.endpoint);
  });

  it('drops the same datagrams for the same seed, and others for another', async () => {
    const first = await survivors(60, 7);
    const again = await survivors(60, 7);
    const other = await survivors(60, 8);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    // 30 % loss each way: about half survive, never all or none
    expect(first.length).toBeGreaterThan(10);
    expect(first.length).toBeLessThan(50);
  });

  it('drops what does not fit in the queue (tail drop) instead of buffering it', async () => {
    const { link, socket } = await setUp({ up: { delayMs: 50, queueCapBytes: 1000 }, down: { delayMs: 0 } });
    const datagram = Buffer.alloc(300);
    for (let i = 0; i < 5; i++) await socket.send(datagram, link.endpoint);
    expect((await socket.collectFor(200)).length).toBe(3);
    expect(link.stats().up.overflowDatagrams).toBe(2);
  });

  it('keeps one session per client and forgets it on close', async () => {
    const { link, socket } = await setUp(symmetricLink({ rttMs: 2 }));
    await socket.send('a', link.endpoint);
    await socket.receive();
    await socket.send('b', link.endpoint);
    await socket.receive();
    expect(link.stats().sessions).toBe(1);
    await link.close();
    await socket.send('c', link.endpoint);
    expect(await socket.collectFor(100)).toEqual([]);
  });
});
