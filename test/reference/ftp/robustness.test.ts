import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import type { RunningServer } from '../../../harness/core/suite.ts';
import { startFtpServer } from '../../../reference/ftp/ftp-server.ts';
import { maxCommandLineBytes } from '../../../reference/ftp/control-channel.ts';
import { FtpControl } from '../../../specs/ftp/control-connection.ts';
import { enterPassiveMode } from '../../../specs/ftp/passive-mode.ts';
import { download, get, put } from '../../../specs/ftp/transfers.ts';
import { logIn, runIO } from './harness-session.ts';

/** The reference under hostile or careless clients: deadlines, caps, and a clean close. */

describe('reference FTP server robustness', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('answers 425 when the client never connects to the PASV port (accept deadline)', async () => {
    server = await startFtpServer({ host: '127.0.0.1', port: 0, fixturesDir }, { limits: { dataConnectTimeoutMs: 200 } });
    const io = runIO(server.endpoint);
    const control = await logIn(io);
    await enterPassiveMode(control);
    expect((await control.command('RETR readme.txt')).code).toBe(150);
    expect((await control.reply()).code).toBe(425);
    expect((await control.command('NOOP')).code).toBe(200);
    io.dispose();
  });

  it('refuses a data connection from another address than the client\'s (port stealing)', async () => {
    server = await startFtpServer({ host: '127.0.0.1', port: 0, fixturesDir }, { limits: { dataConnectTimeoutMs: 500 } });
    const io = runIO(server.endpoint);
    const control = await logIn(io);
    const endpoint = await enterPassiveMode(control);
    const thief = net.connect({ host: '127.0.0.1', port: endpoint.port, localAddress: '127.0.0.2' });
    const stolen = await new Promise<string>((resolve) => {
      thief.on('data', () => resolve('data'));
      thief.on('close', () => resolve('closed'));
      thief.on('error', () => resolve('closed'));
    });
    expect(stolen).toBe('closed');
    const transfer = await download(control, 'RETR readme.txt', endpoint);
    expect(transfer.final.code).toBe(226);
    expect(transfer.data.toString()).toContain('belongs to alice');
    io.dispose();
  });

  it('answers an over-long command line with 500 and keeps serving', async () => {
    server = await startFtpServer({ host: '127.0.0.1', port: 0, fixturesDir });
    const io = runIO(server.endpoint);
    const control = await logIn(io);
    await control.connection.write(`NOOP ${'x'.repeat(maxCommandLineBytes * 3)}\r\n`);
    expect((await control.reply()).code).toBe(500);
    expect((await control.command('NOOP')).code).toBe(200);
    io.dispose();
  });

  it('survives binary garbage, Telnet sequences and vanished clients, and keeps acknowledged files', async () => {
    server = await startFtpServer({ host: '127.0.0.1', port: 0, fixturesDir });
    for (let i = 0; i < 20; i++) {
      const socket = net.connect(server.endpoint.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(Buffer.from(Array.from({ length: 300 }, (_, j) => (i * 37 + j * 11) % 256)));
      socket.write('\xff\xf4\xff\xf2ABOR\r\nUSER\r\nPASS\r\nRETR\r\n\r\n');
      if (i % 2) socket.destroy();
      else socket.end();
    }
    const io = runIO(server.endpoint);
    const control = await logIn(io);
    await put(control, 'kept.bin', Buffer.from([0, 13, 10, 255]));
    io.dispose();
    const again = runIO(server.endpoint);
    expect(await get(await logIn(again), 'kept.bin')).toEqual(Buffer.from([0, 13, 10, 255]));
    again.dispose();
  });

  it('leaves no timer or listener behind when closed while a transfer waits for its data connection', async () => {
    const resources = (): string[] => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'TCPServerWrap');
    const before = resources().length;
    server = await startFtpServer({ host: '127.0.0.1', port: 0, fixturesDir }, { limits: { dataConnectTimeoutMs: 60_000 } });
    const io = runIO(server.endpoint);
    const control = await logIn(io);
    await enterPassiveMode(control);
    expect((await control.command('RETR readme.txt')).code).toBe(150);
    await server.close();
    server = undefined;
    io.dispose();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(resources().length).toBeLessThanOrEqual(before);
  });

  it('closes cleanly while clients and transfers are open', async () => {
    server = await startFtpServer({ host: '127.0.0.1', port: 0, fixturesDir });
    const io = runIO(server.endpoint);
    const control = await FtpControl.loggedIn(io, { user: 'alice', pass: 'wonderland' });
    await enterPassiveMode(control);
    await control.send('STOR open.bin');
    const closing = server.close();
    server = undefined;
    await expect(closing).resolves.toBeUndefined();
    expect(await control.connection.waitForClose(2000)).toBe(true);
    io.dispose();
  });
});
