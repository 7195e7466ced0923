import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturesDir, loadSuites } from '../../../harness/core/catalogue.ts';
import { spawnedReference } from '../../../harness/targets/spawned-reference.ts';
import { type ActiveTarget, startTarget } from '../../../harness/targets/start-target.ts';
import type { Endpoint } from '../../../harness/wire/limits.ts';
import { TcpConnection } from '../../../harness/wire/tcp-connection.ts';
import { command, completion } from './imap-exchange.ts';

/**
 * Clients that the fuzzer found could wedge the IMAP reference. The reference runs as its own
 * process (`rfcheck serve imap`, as the fuzzer starts it), so a reference that stops serving
 * fails these tests by a deadline instead of freezing the test runner with it.
 */

/** Generous: the machine may be loaded; a wedged server never answers at all. */
const deadlineMs = 15_000;
const limits = { readTimeoutMs: deadlineMs, maxReplyBytes: 1024 * 1024, maxConnectionBytes: 64 * 1024 * 1024 };
const login = 't1 LOGIN "alice" "alice-wonder-5322"\r\n';

async function connect(endpoint: Endpoint): Promise<TcpConnection> {
  const connection = await TcpConnection.open(endpoint, { limits });
  await connection.readUntil('\r\n', 'the greeting');
  return connection;
}

/** A fresh client is greeted and its NOOP answered: the server still serves. */
async function expectServing(endpoint: Endpoint): Promise<void> {
  const connection = await connect(endpoint);
  try {
    expect(await command(connection, 'z1', 'NOOP')).toMatch(/^z1 OK/m);
  } finally {
    connection.close();
  }
}

describe('the IMAP reference under hostile clients (spawned)', () => {
  // A fresh reference per test, so that one wedged by a test cannot fail the next one.
  let target: ActiveTarget;

  beforeEach(async () => {
    const suite = (await loadSuites()).find((s) => s.name === 'imap');
    if (!suite) throw new Error('no imap suite');
    target = await startTarget(suite, spawnedReference('imap'), { fixturesDir, startTimeoutMs: 60_000, limits });
  }, 90_000);

  afterEach(async () => {
    await target?.close();
  });

  it('keeps serving after a client half-closes in the middle of IDLE (no mailbox selected)', async () => {
    const idler = await connect(target.endpoint);
    await idler.write(`${login}t2 IDLE\r\n`);
    await idler.readUntil('+ ', 'the IDLE continuation');
    idler.endWrite();
    // The session ends: the server closes its side too.
    expect(await idler.waitForClose(deadlineMs)).toBe(true);
    idler.close();
    await expectServing(target.endpoint);
    expect(target.exitStatus()).toBeUndefined();
  }, 60_000);

  it('answers LIST with a pattern of many wildcards at once (no backtracking regular expression)', async () => {
    const client = await connect(target.endpoint);
    try {
      await client.write(login);
      await completion(client, 't1');
      expect(await command(client, 't2', `CREATE rfcheck-${'x'.repeat(30)}`)).toMatch(/^t2 OK/m);
      // Against that name a backtracking matcher tries about 10^10 ways to place the stars.
      expect(await command(client, 't3', `LIST "" "${'*'.repeat(12)}Z"`)).toMatch(/^t3 OK/m);
      expect(await command(client, 't4', `LIST "" "${'%*'.repeat(200)}"`)).toMatch(/^\* LIST .*INBOX/m);
      await expectServing(target.endpoint);
    } finally {
      client.close();
    }
  }, 60_000);

  it('answers FETCH ENVELOPE of a stored message whose From holds a long run of "<"', async () => {
    const client = await connect(target.endpoint);
    try {
      await client.write(login);
      await completion(client, 't1');
      const message = `From: ${'<'.repeat(200_000)}\r\nSubject: angles\r\n\r\nbody\r\n`;
      expect(await command(client, 't2', 'CREATE angles')).toMatch(/^t2 OK/m);
      await client.write(`t3 APPEND angles {${message.length}+}\r\n${message}\r\n`);
      expect(await completion(client, 't3')).toMatch(/^t3 OK/m);
      expect(await command(client, 't4', 'EXAMINE angles')).toMatch(/^t4 OK/m);
      expect(await command(client, 't5', 'FETCH 1 ENVELOPE')).toMatch(/^t5 OK/m);
      await expectServing(target.endpoint);
    } finally {
      client.close();
    }
  }, 60_000);

  it('answers BAD to an overlong line where DONE was due, and the session goes on', async () => {
    const idler = await connect(target.endpoint);
    try {
      await idler.write(`${login}t2 IDLE\r\n`);
      await idler.readUntil('+ ', 'the IDLE continuation');
      await idler.write(`${'X'.repeat(5000)}\r\nt3 NOOP\r\n`);
      expect(await completion(idler, 't2')).toMatch(/^t2 BAD/m);
      expect(await completion(idler, 't3')).toMatch(/^t3 OK/m);
      await expectServing(target.endpoint);
    } finally {
      idler.close();
    }
  }, 60_000);
});
