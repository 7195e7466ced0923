import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import type { RunningServer } from '../../../harness/core/suite.ts';
import { startImapServer } from '../../../reference/mailbox-access/imap-server.ts';
import { startPop3Server } from '../../../reference/mailbox-access/pop3-server.ts';

/** Sends `data`, collects what the server says for `ms`, then closes. */
function exchange(server: RunningServer, data: string | Buffer, ms = 300): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.endpoint);
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', reject);
    socket.on('connect', () => socket.write(data));
    setTimeout(() => {
      socket.destroy();
      resolve(received);
    }, ms);
  });
}

const starts = { pop3: startPop3Server, imap: startImapServer };

describe.each(Object.entries(starts))('%s reference', (_name, start) => {
  it('survives an endless line and binary junk, keeps serving, and closes cleanly with a client still connected', async () => {
    const server = await start({ host: '127.0.0.1', port: 0, fixturesDir });
    await exchange(server, Buffer.alloc(200_000, 0x41));
    await exchange(server, Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0x80, 0x0a]));
    const greeting = await exchange(server, '');
    expect(greeting).toMatch(/^(\+OK|\* OK)/);
    const lingering = net.connect(server.endpoint);
    lingering.on('error', () => undefined);
    await new Promise((resolve) => lingering.once('connect', resolve));
    await server.close();
    lingering.destroy();
  });
});

describe('access before login', () => {
  it('POP3 answers -ERR to RETR before login and IMAP BAD/NO to SELECT before LOGIN', async () => {
    const pop3 = await startPop3Server({ host: '127.0.0.1', port: 0, fixturesDir });
    const imap = await startImapServer({ host: '127.0.0.1', port: 0, fixturesDir });
    try {
      expect(await exchange(pop3, 'RETR 1\r\n')).toMatch(/\r\n-ERR /);
      expect(await exchange(imap, 'a SELECT INBOX\r\n')).toMatch(/\r\na (BAD|NO) /);
    } finally {
      await pop3.close();
      await imap.close();
    }
  });
});
