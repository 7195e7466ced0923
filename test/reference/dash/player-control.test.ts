import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../harness/core/suite.ts';
import { parsePlay, startDashPlayer } from '../../../reference/dash/player/control-server.ts';
import { closedPort } from '../../../specs/dash/player/control-protocol.ts';

/** The reference player's control port against bad input: every case ends in one ERROR line. */

let player: RunningServer;
beforeAll(async () => {
  player = await startDashPlayer({ host: '127.0.0.1', port: 0, fixturesDir: '' });
});
afterAll(async () => {
  await player.close();
});

function exchange(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(player.endpoint.port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within 20 s; got ${JSON.stringify(received)}`));
    }, 20_000);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => undefined);
    socket.write(bytes);
  });
}

describe('dash player control protocol', () => {
  it('parses PLAY lines and names what is wrong with others', () => {
    expect(parsePlay('PLAY http://127.0.0.1:8000/a.mpd 30')).toMatchObject({ maxSeconds: 30 });
    expect(parsePlay('PLAY http://127.0.0.1:8000/a.mpd')).toMatchObject({ maxSeconds: 60 });
    expect(parsePlay('play http://x/a.mpd')).toBe('expected PLAY <mpd-url> [<max-seconds>]');
    expect(parsePlay('PLAY ftp://x/a.mpd')).toBe('unsupported scheme ftp:');
    expect(parsePlay('PLAY http://x/a.mpd 0')).toMatch(/max-seconds/);
    expect(parsePlay('PLAY not-a-url')).toMatch(/not a URL/);
  });

  it.each([
    ['an unknown command', 'STOP\r\n'],
    ['PLAY without a URL', 'PLAY\r\n'],
    ['a non-http URL', 'PLAY file:///etc/passwd\r\n'],
    ['binary garbage', Buffer.from([0xff, 0x00, 0x80, 0x0a])],
    ['an over-long line', `${'A'.repeat(10_000)}\r\n`],
  ])('answers %s with one ERROR line and closes', async (_what, bytes) => {
    const answer = await exchange(bytes);
    expect(answer).toMatch(/^ERROR [^\r\n]*\r\n$/);
  });

  it('answers an unreachable MPD with ERROR, not a crash', async () => {
    const port = await closedPort();
    expect(await exchange(`PLAY http://127.0.0.1:${port}/gone.mpd 5\r\n`)).toMatch(/^ERROR cannot connect[^\r\n]*\r\n$/);
  });

  it('answers an MPD that is not XML with ERROR', async () => {
    const server = net.createServer((socket) => {
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nnot a mpd'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as net.AddressInfo;
    try {
      expect(await exchange(`PLAY http://127.0.0.1:${port}/x.mpd 5\r\n`)).toMatch(/^ERROR MPD: [^\r\n]*\r\n$/);
    } finally {
      server.close();
    }
  });

  it('still serves after a client that sent half a line and vanished', async () => {
    const socket = net.connect(player.endpoint.port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('PLAY http://127.0.0.1:1/');
    socket.destroy();
    expect(await exchange('HELLO\r\n')).toMatch(/^ERROR /);
  });
});
