import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import type { RunningServer } from '../../../harness/core/suite.ts';
import { TcpConnection } from '../../../harness/wire/tcp-connection.ts';
import { fixtureDocroot, startHttpServerOnDocroot } from '../../../reference/http/index.ts';
import { readResponse } from '../../../specs/http/response-reader.ts';

/** The reference server as a program: it survives hostile clients, keeps to its docroot, closes cleanly. */

let scratch: string;
let server: RunningServer;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'rfcheck-http-test-'));
  await cp(fixtureDocroot(fixturesDir), path.join(scratch, 'docroot'), { recursive: true });
  await symlink('/etc/passwd', path.join(scratch, 'docroot', 'passwd-link'));
  server = await startHttpServerOnDocroot({ host: '127.0.0.1', port: 0, docroot: path.join(scratch, 'docroot'), idleTimeoutMs: 300 });
});

afterAll(async () => {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
});

async function get(target: string, extra = ''): Promise<{ status: number; body: string }> {
  const connection = await TcpConnection.open(server.endpoint);
  await connection.write(`GET ${target} HTTP/1.1\r\nHost: a\r\n${extra}\r\n`);
  const response = await readResponse(connection);
  connection.close();
  return { status: response.status, body: response.body.toString('latin1') };
}

describe('reference HTTP server', () => {
  it('does not follow a symlink out of the docroot', async () => {
    expect((await get('/passwd-link')).status).toBe(404);
  });

  it('answers, then keeps serving, after garbage on other connections', async () => {
    for (const junk of ['\0\0\0\r\n\r\n', 'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999\r\n\r\n', '\r\n'.repeat(50), `${'A'.repeat(70_000)}\r\n`]) {
      const connection = await TcpConnection.open(server.endpoint);
      await connection.write(junk);
      await connection.collectFor(20);
      connection.close();
    }
    expect((await get('/index.html')).status).toBe(200);
  });

  it('closes a connection that stays idle', async () => {
    const connection = await TcpConnection.open(server.endpoint, { limits: { readTimeoutMs: 3000 } });
    expect(await connection.waitForClose(3000)).toBe(true);
  });

  it('keeps uploads out of the docroot it serves', async () => {
    const connection = await TcpConnection.open(server.endpoint);
    await connection.write('PUT /uploads/kept-aside.txt HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello');
    expect((await readResponse(connection)).status).toBe(201);
    connection.close();
    expect((await get('/uploads/kept-aside.txt')).body).toBe('hello');
    expect(existsSync(path.join(scratch, 'docroot', 'uploads', 'kept-aside.txt'))).toBe(false);
  });

  it('answers 408 and closes when a started request stalls', async () => {
    const other = await startHttpServerOnDocroot({ host: '127.0.0.1', port: 0, docroot: path.join(scratch, 'docroot'), requestTimeoutMs: 200 });
    try {
      const connection = await TcpConnection.open(other.endpoint);
      await connection.write('GET /index.html HTTP/1.1\r\nHost: a\r\n');
      expect((await readResponse(connection)).status).toBe(408);
      expect(await connection.waitForClose(2000)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('close() resolves with a client still connected', async () => {
    const other = await startHttpServerOnDocroot({ host: '127.0.0.1', port: 0, docroot: path.join(scratch, 'docroot') });
    const connection = await TcpConnection.open(other.endpoint);
    await other.close();
    expect(await connection.waitForClose(2000)).toBe(true);
  });
});
