import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import { findFreePort } from '../../../harness/targets/free-port.ts';
import { startCdn } from '../../../reference/dash/cdn-redirector.ts';
import { readTopology } from '../../../specs/dash/cdn-topology.ts';

/**
 * The reference CDN listens with one port number on every address (DNS on the host, HTTP on
 * each node). When that number is already taken on a node address, a fixed port is an error
 * and an ephemeral one is drawn again, with nothing left bound from the failed attempt.
 */

const node = readTopology(fixturesDir).nodes[1]?.address ?? '';

function holdTcp(host: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

const closeServer = (server: net.Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

function udpBindable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, host, () => socket.close(() => resolve(true)));
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('reference CDN: one port number on every address', () => {
  it('refuses a fixed port taken on a node address, and leaves nothing bound', async () => {
    const port = await findFreePort(node);
    const holder = await holdTcp(node, port);
    try {
      await expect(startCdn({ host: '127.0.0.1', port, fixturesDir })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(await udpBindable('127.0.0.1', port)).toBe(true);
    } finally {
      await closeServer(holder);
    }
  });

  it('draws another ephemeral port when the first one is taken on a node address', async () => {
    const taken = await findFreePort(node);
    const holder = await holdTcp(node, taken);
    // The DNS socket's first ephemeral bind is steered onto the taken number; later binds are left alone.
    const bind = dgram.Socket.prototype.bind;
    let binds = 0;
    vi.spyOn(dgram.Socket.prototype, 'bind').mockImplementation(function (this: dgram.Socket, ...args: unknown[]) {
      binds += 1;
      if (binds === 1 && args[0] === 0) args[0] = taken;
      return (bind as (...a: unknown[]) => dgram.Socket).apply(this, args);
    });
    try {
      const cdn = await startCdn({ host: '127.0.0.1', port: 0, fixturesDir });
      try {
        expect(binds).toBeGreaterThanOrEqual(2);
        expect(cdn.endpoint.port).not.toBe(taken);
      } finally {
        await cdn.close();
      }
    } finally {
      await closeServer(holder);
    }
  });
});
