import dgram from 'node:dgram';
import net from 'node:net';
import { symmetricLink } from '../harness/perf/link-config.ts';
import { startTcpLink } from '../harness/perf/tcp-link.ts';
import { startUdpLink } from '../harness/perf/udp-link.ts';
import type { Endpoint } from '../harness/wire/limits.ts';
import { median } from './median.ts';

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

/**
 * A UDP server that echoes each datagram, and on "TRAIN n size burst" sends n datagrams of
 * `size` bytes: 2·burst at once, then `burst` every 5 ms. The caller picks a burst that
 * outpaces the link, so the link never idles, while no burst overflows the relay's socket
 * buffer (~200 KB by default), as one train sent all at once would at 100 Mbit/s.
 */
const trainIntervalMs = 5;

async function startUdpTrainSource(): Promise<{ endpoint: Endpoint; close: () => Promise<void> }> {
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 2 * 1024 * 1024 });
  const timers = new Set<NodeJS.Timeout>();
  socket.on('message', (data, from) => {
    const train = /^TRAIN (\d+) (\d+) (\d+)$/.exec(data.toString('latin1'));
    if (!train) {
      socket.send(data, from.port, from.address);
      return;
    }
    let left = Number(train[1]);
    const datagram = Buffer.alloc(Number(train[2]), 0x61);
    const burst = Number(train[3]);
    const sendSome = (count: number): void => {
      for (; count > 0 && left > 0; count--, left--) socket.send(datagram, from.port, from.address);
    };
    sendSome(2 * burst);
    const timer = setInterval(() => {
      sendSome(burst);
      if (left <= 0) {
        clearInterval(timer);
        timers.delete(timer);
      }
    }, trainIntervalMs);
    timers.add(timer);
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    endpoint: { host: '127.0.0.1', port: socket.address().port },
    close: () =>
      new Promise((resolve) => {
        for (const timer of timers) clearInterval(timer);
        socket.close(() => resolve());
      }),
  };
}

/** Bytes whose serialization at `rateMbps` takes about `targetMs`. */
function bytesFor(rateMbps: number, targetMs: number): number {
  return Math.round((rateMbps * 1e6 * targetMs) / 1000 / 8);
}

/**
 * A raw client socket for the TCP measurement: the harness's TcpConnection escapes every byte
 * into its transcript, which at 100 Mbit/s costs more CPU than the emulator itself.
 */
class CountingClient {
  private received = 0;
  private wake: (() => void) | undefined;
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.received += chunk.length;
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on('error', () => {});
  }

  static open(endpoint: Endpoint): Promise<CountingClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(endpoint.port, endpoint.host, () => resolve(new CountingClient(socket)));
      socket.setNoDelay(true);
      socket.once('error', reject);
    });
  }

  write(text: string): void {
    this.socket.write(text);
  }

  /** Waits until `total` bytes have arrived since the connection opened; returns when. */
  async until(total: number): Promise<number> {
    const deadline = performance.now() + readTimeoutMs;
    while (this.received < total) {
      if (this.closed || performance.now() > deadline) throw new Error(`emulator bench: ${this.received} of ${total} bytes arrived`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, readTimeoutMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return performance.now();
  }

  get bytes(): number {
    return this.received;
  }

  close(): void {
    this.socket.destroy();
  }
}

export async function measureTcp(rttMs: number, rateMbps: number, samples = 5): Promise<EmulatorErrorRow> {
  const origin = await startEchoAndSource();
  const link = await startTcpLink(origin.endpoint, symmetricLink({ rttMs, rateMbps }));
  try {
    const client = await CountingClient.open(link.endpoint);
    try {
      const rtts: number[] = [];
      // The first exchange also pays the emulated handshake; it is not a sample.
      client.write('warm\n');
      await client.until(client.bytes + 5);
      for (let i = 0; i < samples; i++) {
        const started = performance.now();
        const expected = client.bytes + 5;
        client.write('ping\n');
        rtts.push((await client.until(expected)) - started);
      }
      // Rate: the time between the first and the last byte of a transfer of ~300 ms, so the
      // propagation delay cancels out.
      const size = Math.max(bytesFor(rateMbps, 300), 64 * 1024);
      const rates: number[] = [];
      for (let i = 0; i < Math.min(samples, 3); i++) {
        const before = client.bytes;
        client.write(`SEND ${size}\n`);
        const firstAt = await client.until(before + 1);
        const alreadyHere = client.bytes - before;
        const lastAt = await client.until(before + size);
        rates.push(((size - alreadyHere) * 8) / ((lastAt - firstAt) / 1000) / 1e6);
      }
      const measuredRttMs = median(rtts);
      const measuredRateMbps = median(rates);
      return { transport: 'tcp', rttMs, rateMbps, measuredRttMs, measuredRateMbps, rttRatio: measuredRttMs / rttMs, rateRatio: measuredRateMbps / rateMbps };
    } finally {
      client.close();
    }
  } finally {
    await link.close();
    await origin.close();
  }
}

export async function measureUdp(rttMs: number, rateMbps: number, samples = 5): Promise<EmulatorErrorRow> {
  const origin = await startUdpTrainSource();
  const link = await startUdpLink(origin.endpoint, symmetricLink({ rttMs, rateMbps }));
  // A raw socket that only counts and timestamps, for the same reason as CountingClient.
  const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 2 * 1024 * 1024 });
  const arrivals: number[] = [];
  let wake: (() => void) | undefined;
  socket.on('message', () => {
    arrivals.push(performance.now());
    wake?.();
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const send = (text: string): void => socket.send(text, link.endpoint.port, link.endpoint.host);
  /** Waits for `count` arrivals in all, or `timeoutMs` without a new one; returns how many came. */
  const arrived = async (count: number, timeoutMs: number): Promise<number> => {
    while (arrivals.length < count) {
      const before = arrivals.length;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (arrivals.length === before) break;
    }
    return arrivals.length;
  };
  try {
    const rtts: number[] = [];
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      send('ping');
      if ((await arrived(arrivals.length + 1, readTimeoutMs)) > rtts.length) rtts.push((arrivals[arrivals.length - 1] as number) - started);
    }
    // Rate: the target answers one request with a train of ~150 ms at the link rate, paced
    // to stay ahead of the link; the spread of its arrivals is the down direction's rate.
    // Datagrams of about a millisecond at the link rate (1200 to 8192 bytes): at 100 Mbit/s,
    // 1200-byte datagrams would be 10,000 a second through three sockets of one process, which
    // measures this machine's CPU rather than the emulator's rate limit.
    const datagramBytes = Math.min(8192, Math.max(1200, bytesFor(rateMbps, 1)));
    const count = Math.max(20, Math.ceil(bytesFor(rateMbps, 150) / datagramBytes));
    const burst = Math.max(1, Math.ceil((1.5 * bytesFor(rateMbps, trainIntervalMs)) / datagramBytes));
    const trainMs = (count * datagramBytes * 8) / (rateMbps * 1000);
    const rates: number[] = [];
    for (let i = 0; i < Math.min(samples, 3); i++) {
      const first = arrivals.length;
      send(`TRAIN ${count} ${datagramBytes} ${burst}`);
      const last = (await arrived(first + count, rttMs + trainMs + 500)) - 1;
      if (last - first >= 1) {
        const seconds = ((arrivals[last] as number) - (arrivals[first] as number)) / 1000;
        rates.push(((last - first) * datagramBytes * 8) / seconds / 1e6);
      }
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

/** The grid: RTT 10–200 ms by rate 1–100 Mbit/s, over TCP and UDP. */
export async function emulatorErrorTable(rtts = [10, 50, 200], rates = [1, 10, 100]): Promise<EmulatorErrorRow[]> {
  const rows: EmulatorErrorRow[] = [];
  for (const rttMs of rtts) {
    for (const rateMbps of rates) {
      rows.push(await measureTcp(rttMs, rateMbps));
      rows.push(await measureUdp(rttMs, rateMbps));
    }
  }
  return rows;
}
