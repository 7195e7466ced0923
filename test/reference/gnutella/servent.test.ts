import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { startServent } from '../../../reference/gnutella/servent.ts';

function talk(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

describe('reference Gnutella servent', () => {
  it('refuses a non-Gnutella greeting, hangs up on an oversized message and on an endless handshake, and keeps serving', async () => {
    const servent = await startServent({ host: '127.0.0.1', port: 0, fixturesDir });
    try {
      const port = servent.endpoint.port;
      expect(await talk(port, Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toMatch(/^GNUTELLA\/0\.6 503/);
      const header = Buffer.alloc(23);
      header.writeUInt32LE(1 << 20, 19);
      const oversized = Buffer.concat([Buffer.from('GNUTELLA CONNECT/0.6\r\n\r\nGNUTELLA/0.6 200 OK\r\n\r\n'), header]);
      expect(await talk(port, oversized)).toMatch(/^GNUTELLA\/0\.6 200/);
      expect(await talk(port, Buffer.alloc(5000, 0x41))).toBe('');
      expect(await talk(port, Buffer.from('GNUTELLA CONNECT/0.6\r\n\r\n'))).toMatch(/^GNUTELLA\/0\.6 200 OK\r\n/);
    } finally {
      await servent.close();
    }
  });
});
