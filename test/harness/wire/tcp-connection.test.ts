import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionClosed, NoReply, ReplyTooLarge, TargetUnreachable } from '../../../harness/core/errors.ts';
import { TcpConnection } from '../../../harness/wire/tcp-connection.ts';
import { scriptedServer } from '../../support/scripted-server.ts';

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function serve(script: Parameters<typeof scriptedServer>[0]): Promise<{ host: string; port: number }> {
  const server = await scriptedServer(script);
  servers.push(server);
  return { host: '127.0.0.1', port: server.port };
}

describe('TcpConnection', () => {
  it('tells CRLF lines from bare-LF lines and keeps what follows buffered', async () => {
    const target = await serve((s) => s.write('one\r\ntwo\nrest'));
    const c = await TcpConnection.open(target);
    expect(await c.readLine()).toEqual({ text: 'one', terminator: 'CRLF' });
    expect(await c.readLine()).toEqual({ text: 'two', terminator: 'LF' });
    expect((await c.readExactly(4)).toString()).toBe('rest');
    c.close();
  });

  it('assembles an exact byte count across chunks', async () => {
    const target = await serve((s) => {
      s.write('ab');
      setTimeout(() => s.write('cdef'), 20);
    });
    const c = await TcpConnection.open(target);
    expect((await c.readExactly(5)).toString()).toBe('abcde');
    c.close();
  });

  it('fails a read of a silent server with NoReply at the deadline', async () => {
    const target = await serve(() => {});
    const c = await TcpConnection.open(target, { limits: { readTimeoutMs: 100 } });
    const started = Date.now();
    await expect(c.readLine('the greeting')).rejects.toBeInstanceOf(NoReply);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(c.transcript.toString()).toContain('no the greeting within 100 ms');
    c.close();
  });

  it('stops a flood at the byte cap with ReplyTooLarge', async () => {
    const target = await serve((s) => {
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const pump = (): void => {
        while (!s.destroyed && s.write(chunk));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    const c = await TcpConnection.open(target, { limits: { maxReplyBytes: 256 * 1024 } });
    await expect(c.readLine('a status line')).rejects.toBeInstanceOf(ReplyTooLarge);
  });

  it('reports a close before the awaited bytes as ConnectionClosed', async () => {
    const target = await serve((s) => s.end('par'));
    const c = await TcpConnection.open(target);
    await expect(c.readExactly(10)).rejects.toBeInstanceOf(ConnectionClosed);
  });

  it('reads to the end of a closed connection and sees the close', async () => {
    const target = await serve((s) => s.end('all of it'));
    const c = await TcpConnection.open(target);
    expect((await c.readToEnd()).toString()).toBe('all of it');
    expect(await c.waitForClose(100)).toBe(true);
  });

  it('waitForClose says false when the server keeps the connection open', async () => {
    const target = await serve(() => {});
    const c = await TcpConnection.open(target);
    expect(await c.waitForClose(50)).toBe(false);
    c.close();
  });

  it('refused connections are TargetUnreachable, not violations', async () => {
    const target = await serve(() => {});
    await servers.pop()?.close();
    await expect(TcpConnection.open(target)).rejects.toBeInstanceOf(TargetUnreachable);
  });

  it('writes both directions into the transcript, escaped', async () => {
    const target = await serve((s) => s.once('data', () => s.write('OK\x00\r\n')));
    const c = await TcpConnection.open(target);
    await c.write('hi\r\n');
    await c.readLine();
    expect(c.transcript.toString()).toContain('C: hi\\r\\n');
    expect(c.transcript.toString()).toContain('S: OK\\x00\\r\\n');
    c.close();
  });

  it('an aborted signal closes the connection and fails the pending read', async () => {
    const target = await serve(() => {});
    const abort = new AbortController();
    const c = await TcpConnection.open(target, { signal: abort.signal, limits: { readTimeoutMs: 5000 } });
    const pending = c.readLine();
    abort.abort();
    await expect(pending).rejects.toBeInstanceOf(ConnectionClosed);
  });

  it('a run aborted while the connection is being made gets no connection, and the target sees it closed', async () => {
    let closed!: () => void;
    const closedAtTarget = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const target = await serve((s) => s.once('close', () => closed()));
    const abort = new AbortController();
    const opening = TcpConnection.open(target, { signal: abort.signal });
    abort.abort();
    await expect(opening).rejects.toBeInstanceOf(TargetUnreachable);
    await expect(closedAtTarget).resolves.toBeUndefined();
  });
});

describe('the connection budget', () => {
  it('stops a check that reads line after line from an endless stream', async () => {
    const target = await serve((s) => {
      const chunk = Buffer.from('250 more\r\n'.repeat(4096));
      const pump = (): void => {
        while (!s.destroyed && s.write(chunk));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    const c = await TcpConnection.open(target, { limits: { maxConnectionBytes: 1024 * 1024, readTimeoutMs: 5000 } });
    let lines = 0;
    await expect(
      (async () => {
        for (;;) {
          await c.readLine();
          lines += 1;
        }
      })(),
    ).rejects.toBeInstanceOf(ReplyTooLarge);
    expect(lines).toBeLessThanOrEqual((1024 * 1024) / 10 + 1);
  });
});
