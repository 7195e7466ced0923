import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import type { RunningServer } from '../../../harness/core/suite.ts';
import { TcpConnection } from '../../../harness/wire/tcp-connection.ts';
import { startImapServer } from '../../../reference/mailbox-access/imap-server.ts';
import { literalCap } from '../../../reference/mailbox-access/imap/command-reader.ts';
import { storeLimits } from '../../../reference/mailbox-access/imap/mailbox-store.ts';
import { command, completion } from './imap-exchange.ts';

/** Bounds the IMAP reference puts on what one client can make it hold (fuzz issue 10). */

const limits = { readTimeoutMs: 15_000, maxReplyBytes: 1024 * 1024, maxConnectionBytes: 64 * 1024 * 1024 };
const defaults = { ...storeLimits };
const message = (n: number): string => `From: a@example.test\r\nSubject: limit ${n}\r\n\r\nbody ${n}\r\n`;

async function session(server: RunningServer): Promise<TcpConnection> {
  const connection = await TcpConnection.open(server.endpoint, { limits });
  await connection.readUntil('\r\n', 'the greeting');
  await connection.write('l LOGIN alice alice-wonder-5322\r\n');
  await completion(connection, 'l');
  return connection;
}

async function append(connection: TcpConnection, tag: string, mailbox: string, n: number): Promise<string> {
  const octets = message(n);
  await connection.write(`${tag} APPEND ${mailbox} {${octets.length}+}\r\n${octets}\r\n`);
  return completion(connection, tag);
}

describe('IMAP reference limits', () => {
  let server: RunningServer;
  let client: TcpConnection | undefined;
  beforeEach(async () => {
    server = await startImapServer({ host: '127.0.0.1', port: 0, fixturesDir });
  });
  afterEach(async () => {
    Object.assign(storeLimits, defaults);
    client?.close();
    client = undefined;
    await server.close();
  });

  it('refuses CREATE past the mailbox limit with NO [LIMIT], and allows it again after a DELETE', async () => {
    storeLimits.mailboxes = 3; // INBOX and two more
    client = await session(server);
    expect(await command(client, 'c1', 'CREATE one')).toMatch(/^c1 OK/m);
    expect(await command(client, 'c2', 'CREATE two')).toMatch(/^c2 OK/m);
    expect(await command(client, 'c3', 'CREATE three')).toMatch(/^c3 NO \[LIMIT\]/m);
    expect(await command(client, 'c4', 'LIST "" three')).not.toMatch(/LIST .*three/);
    expect(await command(client, 'c5', 'DELETE two')).toMatch(/^c5 OK/m);
    expect(await command(client, 'c6', 'CREATE three')).toMatch(/^c6 OK/m);
  });

  it('refuses APPEND and COPY past the per-mailbox limit with NO [LIMIT], leaving the mailbox as it was', async () => {
    storeLimits.messagesPerMailbox = 3;
    client = await session(server);
    await command(client, 'c', 'CREATE box');
    for (let n = 1; n <= 3; n++) expect(await append(client, `a${n}`, 'box', n)).toMatch(new RegExp(`^a${n} OK`, 'm'));
    expect(await append(client, 'a4', 'box', 4)).toMatch(/^a4 NO \[LIMIT\]/m);
    expect(await command(client, 's1', 'STATUS box (MESSAGES)')).toMatch(/MESSAGES 3\)/);
    await command(client, 'c2', 'CREATE other');
    await append(client, 'a5', 'other', 5);
    await append(client, 'a6', 'other', 6);
    await command(client, 'x', 'SELECT other');
    // Two more would make five: the COPY is refused whole, not cut short.
    expect(await command(client, 'k1', 'COPY 1:2 box')).toMatch(/^k1 NO \[LIMIT\]/m);
    expect(await command(client, 's2', 'STATUS box (MESSAGES)')).toMatch(/MESSAGES 3\)/);
  });

  it("refuses APPEND past the user's message quota with NO [OVERQUOTA], counting mailboxes moved by RENAME", async () => {
    client = await session(server);
    const inbox = Number(/MESSAGES (\d+)/.exec(await command(client, 's0', 'STATUS INBOX (MESSAGES)'))?.[1]);
    storeLimits.messagesPerUser = inbox + 2;
    await command(client, 'c', 'CREATE first');
    await append(client, 'a1', 'first', 1);
    expect(await command(client, 'r', 'RENAME first second')).toMatch(/^r OK/m);
    await command(client, 'c2', 'CREATE third');
    expect(await append(client, 'a2', 'third', 2)).toMatch(/^a2 OK/m);
    expect(await append(client, 'a3', 'third', 3)).toMatch(/^a3 NO \[OVERQUOTA\]/m);
    expect(await command(client, 's1', 'STATUS third (MESSAGES)')).toMatch(/MESSAGES 1\)/);
  });

  it('refuses literals that together pass the cap before asking for their octets', async () => {
    client = await session(server);
    const half = Math.floor(literalCap / 2) + 1;
    await client.write(`t1 LOGIN {${half}}\r\n`);
    expect((await client.readLine('the continuation')).text).toMatch(/^\+/);
    await client.write(Buffer.alloc(half, 0x61));
    // The second literal would bring the command past the cap: BAD instead of "+".
    await client.write(` {${half}}\r\n`);
    expect(await completion(client, 't1')).toMatch(/^t1 BAD/m);
    expect(await command(client, 't2', 'NOOP')).toMatch(/^t2 OK/m);
  });

  it('answers an oversize non-synchronising literal with BAD and BYE, and never runs its octets as commands', async () => {
    client = await session(server);
    await client.write(`t1 APPEND INBOX {${literalCap + 1}+}\r\nt2 CREATE injected\r\n`);
    const reply = (await client.readToEnd('the refusal and the close')).toString('latin1');
    expect(reply).toMatch(/^t1 BAD .*\r\n\* BYE /);
    expect(reply).not.toMatch(/t2 /);
    const other = await session(server);
    try {
      expect(await command(other, 'l', 'LIST "" injected')).not.toMatch(/LIST .*injected/);
    } finally {
      other.close();
    }
  });
});
