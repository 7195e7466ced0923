import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { NoReply, ReplyTooLarge, TargetUnreachable } from '../../../harness/core/errors.ts';
import { UdpSocket } from '../../../harness/wire/udp-socket.ts';

const open: { close(): void }[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

async function peer(reply: (data: Buffer) => Buffer | undefined): Promise<number> {
  const socket = dgram.createSocket('udp4');
  open.push(socket);
  socket.on('message', (data, from) => {
    const answer = reply(data);
    if (answer) socket.send(answer, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket.address().port;
}

describe('UdpSocket', () => {
  it('a run aborted while the socket binds gets no socket (it is closed, not left open)', async () => {
    const abort = new AbortController();
    const opening = UdpSocket.open({ signal: abort.signal });
    abort.abort();
    await expect(opening).rejects.toBeInstanceOf(TargetUnreachable);
  });

  it('receives the answer and its source', async () => {
    const port = await peer((d) => Buffer.concat([d, d]));
    const udp = await UdpSocket.open();
    open.push(udp);
    await udp.send('ab', { host: '127.0.0.1', port });
    const answer = await udp.receive();
    expect(answer.data.toString()).toBe('abab');
    expect(answer.from.port).toBe(port);
  });

  it('times out with NoReply when nobody answers', async () => {
    const port = await peer(() => undefined);
    const udp = await UdpSocket.open({ limits: { readTimeoutMs: 80 } });
    open.push(udp);
    await udp.send('x', { host: '127.0.0.1', port });
    await expect(udp.receive()).rejects.toBeInstanceOf(NoReply);
  });

  it('fails a datagram over the cap with ReplyTooLarge', async () => {
    const port = await peer(() => Buffer.alloc(3000));
    const udp = await UdpSocket.open();
    open.push(udp);
    await udp.send('x', { host: '127.0.0.1', port });
    await expect(udp.receive('a reply', { maxBytes: 2048 })).rejects.toBeInstanceOf(ReplyTooLarge);
  });
});
