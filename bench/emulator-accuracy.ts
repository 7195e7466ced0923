import net from 'node:net';
import { symmetricLink } from '../harness/perf/link-config.ts';
import { startTcpLink } from '../harness/perf/tcp-link.ts';
import { startUdpLink } from '../harness/perf/udp-link.ts';
import { startUdpUppercaseServer } from '../reference/echo/udp-server.ts';
import { UdpSocket } from '../harness/wire/udp-socket.ts';
import { TcpConnection } from '../harness/wire/tcp-connection.ts';
import type { Endpoint } from '../harness/wire/limits.ts';

/**
 * The emulator's own error: what RTT and rate a client actually sees through it, against what
 * was configured. Medians of a few samples, so one late timer on a shared machine does not
 * decide the figure.
 */
export interface EmulatorErrorRow {
  transport: 'tcp' | 'udp';
  rttMs: number;
  rateMbps: number;
  measuredRttMs: number;
  measuredRateMbps: number;
  rttRatio: number;
  rateRatio: number;
}

const readTimeoutMs = 10_000;

/** A TCP server that echoes every byte, and on a line "SEND n" sends n bytes back instead. */
async function startEchoAndSource(): Promise<{ endpoint: Endpoint; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => {
      const text = data.toString('latin1');
      const send = /^SEND (\d+)\n$/.exec(text);
      socket.write(send ? Buffer.alloc(Number(send[1]), 0x61) : data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Bytes whose serialization at `rateMbps` takes about `targetMs`. */
function bytesFor(rateMbps: number, targetMs: number): number {
  return Math.round((rateMbps * 1e6 * targetMs) / 1000 / 8);
}

export async function measureTcp(rttMs: number, rateMbps: number, samples = 5): Promise<EmulatorErrorRow> {
  const origin = await startEchoAndSource();
  const link = await startTcpLink(origin.endpoint, symmetricLink({ rttMs, rateMbps }));
  try {
    const connection = await TcpConnection.open(link.endpoint, { limits: { readTimeoutMs } });
    try {
      const rtts: number[] = [];
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        await connection.write('ping\n');
        await connection.readLine('the echo');
        rtts.push(performance.now() - started);
      }
      // Rate: the time between the first and the last byte of a transfer of ~300 ms, so the
      // propagation delay cancels out.
      const size = Math.max(bytesFor(rateMbps, 300), 64 * 1024);
      const rates: number[] = [];
      for (let i = 0; i < Math.min(samples, 3); i++) {
        await connection.write(`SEND ${size}\n`);
        const first = await connection.readExactly(1, 'the first byte');
        const firstAt = performance.now();
        const received = first.length + connection.pending.length;
        await connection.readExactly(size - 1, 'the transfer', { maxBytes: size });
        const seconds = (performance.now() - firstAt) / 1000;
        rates.push(((size - received) * 8) / seconds / 1e6);
      }
      const measuredRttMs = median(rtts);
      const measuredRateMbps = median(rates);
      return { transport: 'tcp', rttMs, rateMbps, measuredRttMs, measuredRateMbps, rttRatio: measuredRttMs / rttMs, rateRatio: measuredRateMbps / rateMbps };
    } finally {
      connection.close();
    }
  } finally {
    await link.close();
    await origin.close();
  }
}

export async function measureUdp(rttMs: number, rateMbps: number, samples = 5): Promise<EmulatorErrorRow> {
  const origin = await startUdpUppercaseServer({ host: '127.0.0.1', port: 0, fixturesDir: '' });
  const link = await startUdpLink(origin.endpoint, symmetricLink({ rttMs, rateMbps }));
  const socket = await UdpSocket.open({ limits: { readTimeoutMs } });
  try {
    const rtts: number[] = [];
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      await socket.send('ping', link.endpoint);
      await socket.receive('the echo');
      rtts.push(performance.now() - started);
    }
    // Rate: a train of datagrams sent at once; the spacing of their arrival is the link rate.
    // The train stays under the kernel's default UDP buffer (~200 KB), which would drop more.
    const datagram = Buffer.alloc(1200, 0x61);
    const count = Math.max(20, Math.min(100, Math.ceil(bytesFor(rateMbps, 150) / datagram.length)));
    const rates: number[] = [];
    for (let i = 0; i < Math.min(samples, 3); i++) {
      for (let j = 0; j < count; j++) await socket.send(datagram, link.endpoint);
      await socket.receive('the first of the train');
      const firstAt = performance.now();
      let lastAt = firstAt;
      let received = 1;
      const trainMs = (count * datagram.length * 8) / (rateMbps * 1000);
      for (; received < count; received++) {
        try {
          await socket.receive('the train', { timeoutMs: trainMs + 200 });
        } catch {
          break; // a datagram lost by the kernel: rate from what arrived
        }
        lastAt = performance.now();
      }
      if (received > 1) rates.push(((received - 1) * datagram.length * 8) / ((lastAt - firstAt) / 1000) / 1e6);
    }
    const measuredRttMs = median(rtts);
    const measuredRateMbps = median(rates);
    return { transport: 'udp', rttMs, rateMbps, measuredRttMs, measuredRateMbps, rttRatio: measuredRttMs / rttMs, rateRatio: measuredRateMbps / rateMbps };
  } finally {
    socket.close();
    await link.close();
    await origin.close();
  }
}
