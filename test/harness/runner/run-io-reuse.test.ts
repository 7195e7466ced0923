import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunIO } from '../../../harness/runner/run-io.ts';
import { defaultWireLimits } from '../../../harness/wire/limits.ts';
import { scriptedServer } from '../../support/scripted-server.ts';

/** RunIO's exchange helpers: a new socket per exchange, unless the run reuses (--batch). */

let tcp: Awaited<ReturnType<typeof scriptedServer>>;
let udp: dgram.Socket;
let udpPort = 0;

beforeAll(async () => {
  // 'ok\n' per line; 'bye' answers then closes; 'extra' answers twice (one answer too many).
  tcp = await scriptedServer((socket) => {
    socket.on('data', (chunk) => {
      for (const line of chunk.toString('latin1').split('\n').filter(Boolean)) {
        if (line === 'bye') socket.end('ok\n');
        else socket.write(line === 'extra' ? 'ok\nok\n' : 'ok\n');
      }
    });
  });
  // Echoes each datagram; 'twice' is echoed twice.
  udp = dgram.createSocket('udp4');
  udp.on('message', (message, from) => {
    const times = message.toString() === 'twice' ? 2 : 1;
    for (let i = 0; i < times; i += 1) udp.send(message, from.port, from.address);
  });
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  udpPort = udp.address().port;
});
afterAll(async () => {
  await tcp.close();
  udp.close();
});

const runIO = (reuse: boolean, port = tcp.port) => new RunIO({ host: '127.0.0.1', port }, {}, { fixturesDir: '.' }, defaultWireLimits, new AbortController().signal, { reuse });

async function ask(io: RunIO, line: string): Promise<number> {
  const { connection } = await io.tcpForExchange();
  await connection.write(`${line}\n`);
  expect((await connection.readLine('the answer')).text).toBe('ok');
  io.keepIdle(connection);
  return connection.localPort;
}

describe('RunIO exchange helpers', () => {
  it('open a new TCP connection for every exchange of an ordinary run', async () => {
    const io = runIO(false);
    try {
      const ports = [await ask(io, 'a'), await ask(io, 'b')];
      expect(ports[0]).not.toBe(ports[1]);
      expect(io.reuse).toBe(false);
    } finally {
      io.dispose();
    }
  });

  it('in a reusing run, keep an idle connection for the next exchange', async () => {
    const io = runIO(true);
    try {
      const ports = [await ask(io, 'a'), await ask(io, 'b'), await ask(io, 'c')];
      expect(new Set(ports).size).toBe(1);
    } finally {
      io.dispose();
    }
  });

  it('never reuse a connection the target closed or that holds unread bytes', async () => {
    const io = runIO(true);
    try {
      const closed = await ask(io, 'bye');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const afterClose = await ask(io, 'a');
      expect(afterClose).not.toBe(closed);
      const extra = await ask(io, 'extra');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await ask(io, 'b')).not.toBe(extra);
    } finally {
      io.dispose();
    }
  });

  it('give a reusing run one UDP socket per endpoint, dropping datagrams left unread', async () => {
    const io = runIO(true, udpPort);
    const ordinary = runIO(false, udpPort);
    try {
      const first = await io.udpForExchange();
      await first.send('twice', io.target);
      expect((await first.receive()).data.toString()).toBe('twice');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await io.udpForExchange();
      expect(second).toBe(first);
      await second.send('once', io.target);
      // The second copy of 'twice' was dropped before this exchange, and the transcript says so.
      expect((await second.receive()).data.toString()).toBe('once');
      expect(io.transcript.toString()).toMatch(/1 unread datagram\(s\) dropped/);
      expect(await ordinary.udpForExchange()).not.toBe(await ordinary.udpForExchange());
    } finally {
      io.dispose();
      ordinary.dispose();
    }
  });
});
