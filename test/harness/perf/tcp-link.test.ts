import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { symmetricLink } from '../../../harness/perf/link-config.ts';
import type { RunningLink } from '../../../harness/perf/running-link.ts';
import { startTcpLink } from '../../../harness/perf/tcp-link.ts';
import { TcpConnection } from '../../../harness/wire/tcp-connection.ts';
import { startTcpUppercaseServer } from '../../../reference/echo/tcp-server.ts';
import { scriptedServer } from '../../support/scripted-server.ts';

// Timers may fire up to half a millisecond early (see clock.ts); lower bounds allow for it.
// No upper bounds: how late a loaded machine delivers is for the benchmark, not a test.
const earlyMs = 1;
const limits = { readTimeoutMs: 5_000 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function echoBehind(config: Parameters<typeof startTcpLink>[1]): Promise<RunningLink> {
  const server = await scriptedServer((socket) => socket.on('data', (data) => socket.write(data)));
  cleanups.push(server.close);
  const link = await startTcpLink({ host: '127.0.0.1', port: server.port }, config);
  cleanups.push(link.close);
  return link;
}

describe('the TCP link emulator', () => {
  it('adds the handshake round trip to the first exchange and one RTT to each later one', async () => {
    const link = await echoBehind(symmetricLink({ rttMs: 40 }));
    let started = performance.now();
    const connection = await TcpConnection.open(link.endpoint, { limits });
    cleanups.push(async () => connection.close());
    await connection.write('one\n');
    expect((await connection.readLine()).text).toBe('one');
    expect(performance.now() - started).toBeGreaterThanOrEqual(80 - earlyMs);
    started = performance.now();
    await connection.write('two\n');
    expect((await connection.readLine()).text).toBe('two');
    expect(performance.now() - started).toBeGreaterThanOrEqual(40 - earlyMs);
    expect(link.stats().sessions).toBe(1);
  });

  it("measures the server's think time, which the formulas leave out", async () => {
    const server = await scriptedServer((socket) => socket.on('data', () => setTimeout(() => socket.write('late\n'), 30)));
    cleanups.push(server.close);
    const link = await startTcpLink({ host: '127.0.0.1', port: server.port }, symmetricLink({ rttMs: 2 }));
    cleanups.push(link.close);
    const connection = await TcpConnection.open(link.endpoint, { limits });
    cleanups.push(async () => connection.close());
    await connection.write('hello\n');
    await connection.readLine();
    expect(link.stats().serverThinkMs).toBeGreaterThanOrEqual(30 - earlyMs);
  });

  it('lets a server that speaks first be heard two RTTs after the connect', async () => {
    const server = await scriptedServer((socket) => socket.write('220 hello\r\n'));
    cleanups.push(server.close);
    const link = await startTcpLink({ host: '127.0.0.1', port: server.port }, symmetricLink({ rttMs: 30 }));
    cleanups.push(link.close);
    const started = performance.now();
    const connection = await TcpConnection.open(link.endpoint, { limits });
    cleanups.push(async () => connection.close());
    expect((await connection.readLine()).text).toBe('220 hello');
    expect(performance.now() - started).toBeGreaterThanOrEqual(60 - earlyMs);
  });

  it('carries a large transfer intact, no faster than the link rate', async () => {
    const body = Buffer.alloc(200_000);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) % 251;
    const server = await scriptedServer((socket) => socket.once('data', () => socket.end(body)));
    cleanups.push(server.close);
    // 20 Mbit/s: 200 kB take 80 ms on the link
    const link = await startTcpLink({ host: '127.0.0.1', port: server.port }, symmetricLink({ rttMs: 10, rateMbps: 20 }));
    cleanups.push(link.close);
    const connection = await TcpConnection.open(link.endpoint, { limits });
    cleanups.push(async () => connection.close());
    // Lower bound from the request: the body cannot have crossed sooner than RTT + L/R.
    const asked = performance.now();
    await connection.write('go\n');
    const received = await connection.readToEnd('the body', { maxBytes: body.length });
    expect(received.equals(body)).toBe(true);
    expect(performance.now() - asked).toBeGreaterThanOrEqual(10 + (body.length * 8) / 20e3 - earlyMs);
    expect(link.stats().down.deliveredBytes).toBe(body.length);
  });

  it('carries a half-close across, after the bytes before it', async () => {
    const server = await startTcpUppercaseServer({ host: '127.0.0.1', port: 0, fixturesDir: '' });
    cleanups.push(server.close);
    const link = await startTcpLink(server.endpoint, symmetricLink({ rttMs: 10 }));
    cleanups.push(link.close);
    const connection = await TcpConnection.open(link.endpoint, { limits });
    cleanups.push(async () => connection.close());
    await connection.write('no newline');
    connection.endWrite();
    expect((await connection.readToEnd()).toString()).toBe('NO NEWLINE');
  });

  it('delivers the request and FIN of a client that left during the emulated handshake', async () => {
    let heard = '';
    let serverSawEnd: () => void = () => {};
    const ended = new Promise<void>((resolve) => (serverSawEnd = resolve));
    const server = await scriptedServer((socket) => {
      socket.on('data', (data) => (heard += data.toString()));
      socket.on('end', () => serverSawEnd());
    });
    cleanups.push(server.close);
    const link = await startTcpLink({ host: '127.0.0.1', port: server.port }, symmetricLink({ rttMs: 20 }));
    cleanups.push(link.close);
    const connection = await TcpConnection.open(link.endpoint, { limits });
    await connection.write('bye\n');
    connection.close();
    await ended;
    expect(heard).toBe('bye\n');
  });

  it('closes the client when the target refuses, and closes everything on close()', async () => {
    const refused = await startTcpLink({ host: '127.0.0.1', port: 1 }, symmetricLink({ rttMs: 2 }));
    cleanups.push(refused.close);
    const orphan = await TcpConnection.open(refused.endpoint, { limits });
    cleanups.push(async () => orphan.close());
    expect(await orphan.waitForClose(2_000)).toBe(true);

    const link = await echoBehind(symmetricLink({ rttMs: 1_000 }));
    const connection = await TcpConnection.open(link.endpoint, { limits });
    cleanups.push(async () => connection.close());
    await link.close();
    expect(await connection.waitForClose(2_000)).toBe(true);
  });

  it('drops a client that stops reading instead of buffering for it without bound', async () => {
    const flood = Buffer.alloc(1024 * 1024);
    let serverSideClosed: () => void = () => {};
    const dropped = new Promise<void>((resolve) => (serverSideClosed = resolve));
    const server = await scriptedServer((socket) => {
      const pump = (): void => {
        while (!socket.destroyed && socket.write(flood));
      };
      socket.on('drain', pump);
      socket.on('close', () => serverSideClosed());
      pump();
    });
    cleanups.push(server.close);
    const link = await startTcpLink({ host: '127.0.0.1', port: server.port }, symmetricLink({ rttMs: 1, queueCapBytes: 256 * 1024 }));
    cleanups.push(link.close);
    // A client that connects and never reads: the kernel's buffers fill, then the link's.
    const idle = net.connect(link.endpoint.port, link.endpoint.host);
    idle.pause();
    idle.on('error', () => {});
    cleanups.push(async () => void idle.destroy());
    await dropped;
    expect(link.stats().down.deliveredBytes).toBeGreaterThan(0);
  });

  it('rejects a negative delay before opening anything', async () => {
    await expect(startTcpLink({ host: '127.0.0.1', port: 9 }, { up: { delayMs: -1 }, down: { delayMs: 0 } })).rejects.toThrow(RangeError);
  });
});
