import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { startTracker } from '../../../reference/bittorrent/tracker-server.ts';

async function exchange(port: number, request: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

describe('reference HTTP tracker', () => {
  it('answers malformed announces with a bencoded failure reason and keeps serving', async () => {
    const tracker = await startTracker({ host: '127.0.0.1', port: 0, fixturesDir: '' });
    try {
      const port = tracker.endpoint.port;
      expect(await exchange(port, 'GET /announce?info_hash=%ZZ&port=x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n')).toMatch(/d14:failure reason/);
      expect(await exchange(port, `GET /announce?${'a=b&'.repeat(5000)} HTTP/1.1\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431|^$/);
      expect(await exchange(port, 'POST /announce HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc')).toMatch(/^HTTP\/1\.1 405/);
      expect(await exchange(port, 'GET /scrape HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n')).toMatch(/d5:filesdee/);
    } finally {
      await tracker.close();
    }
  });

  it('close() resolves while a client holds an idle connection', async () => {
    const tracker = await startTracker({ host: '127.0.0.1', port: 0, fixturesDir: '' });
    const idle = net.connect(tracker.endpoint);
    await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
    await tracker.close();
    idle.destroy();
  });
});
