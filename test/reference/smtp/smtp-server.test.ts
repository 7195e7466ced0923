import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../harness/core/catalogue.ts';
import { type RunningSmtpServer, type SmtpServerOptions, startSmtpServer } from '../../../reference/smtp/index.ts';
import { sendMail } from '../../../reference/smtp/smtp-client.ts';
import { lintMessage } from '../../../specs/message/lint-message.ts';
import { messageChecks } from '../../../specs/message/message-checks.ts';

/** The reference's store and robustness, seen from outside: what lands in the Maildir, and what a hostile client cannot do. */

let store = '';
let server: RunningSmtpServer;

async function start(options: Partial<SmtpServerOptions> = {}): Promise<void> {
  server = await startSmtpServer({ host: '127.0.0.1', port: 0, storeRoot: store, ...options });
}

beforeEach(async () => {
  store = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-smtp-test-'));
});
afterEach(async () => {
  await server?.close();
  await rm(store, { recursive: true, force: true });
});

const maildir = (user: string, sub: 'new' | 'cur' | 'tmp'): string => path.join(store, user, 'Maildir', sub);
const files = async (user: string, sub: 'new' | 'cur' | 'tmp'): Promise<string[]> => readdir(maildir(user, sub));

/** Sends raw bytes and collects what the server says until it closes or `ms` pass. */
function converse(port: number, chunks: (string | Buffer)[], ms = 400): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let heard = '';
    socket.on('data', (d: Buffer) => (heard += d.toString('latin1')));
    socket.on('error', () => {});
    socket.once('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(heard);
    });
  });
}

const message = 'From: <sender@rfcheck.test>\r\nTo: <alice@example.test>\r\nDate: Sat, 21 Nov 2026 12:00:00 +0000\r\nMessage-ID: <t1@rfcheck.test>\r\nSubject: hello\r\n\r\n.a line that starts with a dot\r\nbody\r\n';

describe('SMTP reference: Maildir delivery', () => {
  it('stores the unstuffed message in new/ under a unique name, with Return-Path and Received first, and tmp/ empty', async () => {
    await start();
    const reply = await sendMail({ host: '127.0.0.1', port: server.endpoint.port, from: 'sender@rfcheck.test', to: ['alice@example.test'], content: Buffer.from(message) });
    expect(reply.code).toBe(250);
    const names = await files('alice', 'new');
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^\d+\.\d+_\d+\.[0-9a-f]+\.rfcheck$/);
    expect(await files('alice', 'tmp')).toEqual([]);
    const stored = (await readFile(path.join(maildir('alice', 'new'), names[0] ?? ''))).toString('latin1');
    expect(stored.startsWith('Return-Path: <sender@rfcheck.test>\r\nReceived: from client.rfcheck.test ([127.0.0.1])\r\n\tby mail.example.test with ESMTP id ')).toBe(true);
    expect(stored.endsWith(message)).toBe(true);
    const mustFindings = lintMessage(Buffer.from(stored, 'latin1')).filter((f) => messageChecks[f.check].level === 'MUST');
    expect(mustFindings).toEqual([]);
  });

  it('delivers one copy per user: alice, bob and postmaster (an alias of alice) give two files', async () => {
    await start();
    await sendMail({ host: '127.0.0.1', port: server.endpoint.port, from: 'sender@rfcheck.test', to: ['alice@example.test', 'bob@example.test', 'postmaster'], content: Buffer.from(message) });
    expect(await files('alice', 'new')).toHaveLength(1);
    expect(await files('bob', 'new')).toHaveLength(1);
  });

  it('stores nothing for a message cut off before its final dot, or larger than the limit (552)', async () => {
    await start({ maxMessageBytes: 1000 });
    const port = server.endpoint.port;
    await converse(port, ['EHLO x.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n', 'Subject: cut\r\n\r\nhalf a mess'], 200);
    const tooLarge = await converse(port, ['EHLO x.test\r\nMAIL FROM:<a@b.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n', `Subject: big\r\n\r\n${'x'.repeat(70)}\r\n`.repeat(40), '.\r\nQUIT\r\n']);
    expect(tooLarge).toMatch(/\r\n552 /);
    expect(await files('alice', 'new')).toEqual([]);
  });
});

describe('SMTP reference: hostile clients', () => {
  it('answers a 100 KB line without LF with 500 once, and keeps serving', async () => {
    await start();
    const heard = await converse(server.endpoint.port, ['x'.repeat(100_000), '\r\nNOOP\r\nQUIT\r\n']);
    expect(heard.match(/^500 /gm)).toHaveLength(1);
    expect(heard).toMatch(/\r\n250 2\.0\.0 ok\r\n221 /);
  });

  it('survives binary garbage, bare LFs and resets, and serves the next client', async () => {
    await start();
    const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 37) % 256));
    await converse(server.endpoint.port, [garbage, 'NOOP\n', '\x00\xff\r\n'], 200);
    const socket = net.connect(server.endpoint);
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.resetAndDestroy();
    const heard = await converse(server.endpoint.port, ['NOOP\r\nQUIT\r\n']);
    expect(heard).toMatch(/^220 [^\r]*\r\n250 [^\r]*\r\n221 /);
  });

  it('answers NOOP correctly after any generated mix of commands, junk bytes and message data', async () => {
    await start();
    const piece = fc.oneof(
      fc.constantFrom('EHLO a.test\r\n', 'MAIL FROM:<a@b.test>\r\n', 'RCPT TO:<alice@example.test>\r\n', 'DATA\r\n', '.\r\n', 'RSET\r\n', 'HELO\r\n', '\r\n', '\n'),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), async (pieces) => {
        await converse(server.endpoint.port, pieces, 60);
        // A fresh client is served exactly, whatever the last one did.
        const heard = await converse(server.endpoint.port, ['NOOP\r\nQUIT\r\n']);
        expect(heard).toMatch(/^220 [^\r]*\r\n250 [^\r]*\r\n221 /);
      }),
      { numRuns: 40 },
    );
  });

  it('says 421 and closes a connection idle past its timeout', async () => {
    await start({ idleTimeoutMs: 150 });
    const heard = await converse(server.endpoint.port, [], 2000);
    expect(heard).toMatch(/\r\n421 /);
  });

  it('close() resolves with clients still connected, and the port is closed afterwards', async () => {
    await start();
    const idle = net.connect(server.endpoint);
    idle.on('error', () => {});
    await new Promise((resolve) => idle.once('connect', resolve));
    const { port } = server.endpoint;
    await server.close();
    const refused = await new Promise<boolean>((resolve) => {
      const probe = net.connect({ host: '127.0.0.1', port });
      probe.once('connect', () => resolve(false));
      probe.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    idle.destroy();
  });
});

describe('SMTP reference: entry script', () => {
  it('answers bad arguments with one usage line and exit status 2', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'reference', 'smtp', 'main.ts'), '--port', 'x'], { encoding: 'utf8', cwd: projectRoot });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^usage: /);
  });
});
