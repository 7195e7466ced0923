import { readdirSync, statSync } from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import type { RunningServer } from '../../../harness/core/suite.ts';
import { listingBatchEntries } from '../../../reference/ftp/commands/listing-commands.ts';
import { startFtpServer } from '../../../reference/ftp/ftp-server.ts';
import { enterPassiveMode } from '../../../specs/ftp/passive-mode.ts';
import { download, upload } from '../../../specs/ftp/transfers.ts';
import { logIn, runIO } from './harness-session.ts';

/**
 * What a long fuzz run showed (issue 10): the reference's memory must not grow with what
 * clients leave behind. Every assertion counts something deterministic (file lookups, open
 * handles), never time or resident size.
 */

/** stat() calls made by the reference, counted through a wrapper around node:fs/promises. */
const lookups = vi.hoisted(() => ({ stat: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  const stat = ((...args: Parameters<typeof actual.stat>) => {
    lookups.stat += 1;
    return actual.stat(...args);
  }) as typeof actual.stat;
  return { ...actual, stat, default: { ...actual, stat } };
});

/** Open listeners and sockets of this process (the test's clients included). */
function handles(kind: 'TCPServerWrap' | 'TCPSocketWrap'): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === kind).length;
}

/** Polls until `count()` is at most `limit` (or the generous deadline passes); returns the last count. */
async function settlesTo(count: () => number, limit: number, deadlineMs = 60_000): Promise<number> {
  const end = Date.now() + deadlineMs;
  let now = count();
  while (now > limit && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    now = count();
  }
  return now;
}

/** A raw client: connects, logs in as alice, sends `commands`, and resolves once `until` was seen. */
async function rawSession(port: number, commands: string, until: RegExp): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    let text = '';
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (until.test(text)) resolve();
    });
    socket.write(`USER alice\r\nPASS wonderland\r\n${commands}`);
  });
  return socket;
}

describe('reference FTP server resource bounds', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reads a folder for a listing only once its data connection is open, and then lists all of it', async () => {
    server = await startFtpServer({ host: '127.0.0.1', port: 0, fixturesDir });
    const listenersBefore = handles('TCPServerWrap');
    const io = runIO(server.endpoint, 10_000);
    const control = await logIn(io);
    const folders = listingBatchEntries * 4 + 3;
    for (let i = 0; i < folders; i++) expect((await control.command(`MKD left-behind-${i}`)).code).toBe(257);

    // Without PASV/PORT, and with a PASV the client never connects to: one lookup (the folder
    // itself) per command, however many entries the folder holds.
    lookups.stat = 0;
    for (const verb of ['LIST', 'NLST', 'MLSD']) expect((await control.command(verb)).code).toBe(425);
    expect(lookups.stat).toBe(3);
    const abandoned = await rawSession(server.endpoint.port, 'PASV\r\nLIST\r\n', /^150 /m);
    abandoned.destroy();
    expect(await settlesTo(() => handles('TCPServerWrap'), listenersBefore)).toBe(listenersBefore);
    expect(lookups.stat).toBe(4);

    // With the data connection open the listing is whole, across several batches.
    const names = (await download(control, 'NLST')).data.toString('utf8').split('\r\n').filter(Boolean);
    expect(names.filter((name) => name.startsWith('left-behind-'))).toHaveLength(folders);
    const lines = (await download(control, 'LIST')).data.toString('utf8').split('\r\n').filter(Boolean);
    expect(lines.filter((line) => line.startsWith('d') && line.includes(' left-behind-'))).toHaveLength(folders);
    io.dispose();
  });

  it('closes PASV and EPSV listeners the client never connects to, while its control connections stay open', async () => {
    server = await startFtpServer({ host: '127.0.0.1', port: 0, fixturesDir }, { limits: { dataConnectTimeoutMs: 300 } });
    const listenersBefore = handles('TCPServerWrap');
    const sessions: net.Socket[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const opened = Array.from({ length: 20 }, (_, i) => rawSession(server!.endpoint.port, i % 2 ? 'PASV\r\n' : 'EPSV\r\n', /^22[79] /m));
      sessions.push(...(await Promise.all(opened)));
    }
    expect(await settlesTo(() => handles('TCPServerWrap'), listenersBefore)).toBe(listenersBefore);
    for (const socket of sessions) expect(socket.destroyed).toBe(false);

    // A transfer command after the listener closed gets 150 then 425, and the session goes on.
    const io = runIO(server.endpoint, 10_000);
    const control = await logIn(io);
    await enterPassiveMode(control);
    await settlesTo(() => handles('TCPServerWrap'), listenersBefore);
    expect((await control.command('RETR readme.txt')).code).toBe(150);
    expect((await control.reply()).code).toBe(425);
    expect((await control.command('NOOP')).code).toBe(200);
    io.dispose();
    for (const socket of sessions) socket.destroy();
  });

  it('holds no handle of 2,000 sessions that entered passive mode and left', async () => {
    server = await startFtpServer({ host: '127.0.0.1', port: 0, fixturesDir }, { limits: { dataConnectTimeoutMs: 60_000 } });
    const listenersBefore = handles('TCPServerWrap');
    const socketsBefore = handles('TCPSocketWrap');
    for (let batch = 0; batch < 40; batch++) {
      const opened = Array.from({ length: 50 }, (_, i) => rawSession(server!.endpoint.port, i % 2 ? 'PASV\r\n' : 'EPSV\r\nNLST\r\n', /^(227|150) /m));
      for (const socket of await Promise.all(opened)) socket.destroy();
    }
    expect(await settlesTo(() => handles('TCPServerWrap'), listenersBefore)).toBe(listenersBefore);
    expect(await settlesTo(() => handles('TCPSocketWrap'), socketsBefore)).toBe(socketsBefore);
  });

  it('keeps each account within its storage quota: 452 and 550 when full, 552 past the room left, room again after DELE and RMD', async () => {
    // What the copy of alice's fixture home holds, counted here without the reference's code.
    const home = path.join(fixturesDir, 'ftp', 'tree', 'alice');
    const entries = readdirSync(home, { recursive: true }) as string[];
    const bytes = entries.map((entry) => statSync(path.join(home, entry))).filter((stats) => stats.isFile()).reduce((sum, stats) => sum + stats.size, 0);
    const limits = { maxAccountEntries: entries.length + 2, maxAccountBytes: bytes + 10 };
    server = await startFtpServer({ host: '127.0.0.1', port: 0, fixturesDir }, { limits });
    const io = runIO(server.endpoint, 10_000);
    const control = await logIn(io);
    expect((await control.command('TYPE I')).code).toBe(200);

    expect((await control.command('MKD quota-a')).code).toBe(257);
    expect((await upload(control, 'STOR first.bin', Buffer.from('12345'))).final.code).toBe(226);
    // Entries full: no new folder (550, MKD has no 452) and no new file (452, before any 150).
    expect((await control.command('MKD quota-b')).code).toBe(550);
    const refused = await upload(control, 'STOR second.bin', Buffer.from('x'));
    expect(refused.opening).toBeUndefined();
    expect(refused.final.code).toBe(452);
    // Five bytes of room left: appending twenty is aborted with 552, and the file keeps its five.
    const appended = await upload(control, 'APPE first.bin', Buffer.alloc(20, 0x61));
    expect(appended.opening?.code).toBe(150);
    expect(appended.final.code).toBe(552);
    expect((await control.command('SIZE first.bin')).text).toBe('5');

    // DELE and RMD give the room back.
    expect((await control.command('DELE first.bin')).code).toBe(250);
    expect((await control.command('RMD quota-a')).code).toBe(250);
    expect((await control.command('MKD quota-b')).code).toBe(257);
    expect((await upload(control, 'STOR second.bin', Buffer.alloc(10, 0x62))).final.code).toBe(226);
    // Bytes full: APPE is refused with 452 before any 150.
    const full = await upload(control, 'APPE second.bin', Buffer.from('y'));
    expect(full.opening).toBeUndefined();
    expect(full.final.code).toBe(452);
    io.dispose();
  });
});
