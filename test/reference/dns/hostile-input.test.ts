import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import type { RunningServer } from '../../../harness/core/suite.ts';
import { startAuthoritativeServer } from '../../../reference/dns/authoritative-server.ts';
import { startResolverServer } from '../../../reference/dns/resolver-server.ts';

/**
 * The reference servers survive what a hostile client sends — random datagrams, headers with
 * absurd counts, pointer loops, TCP length prefixes promising more than comes, resets — and
 * still answer a well-formed query afterwards; close() then leaves nothing open.
 */

function askUdp(port: number, message: Buffer, timeoutMs = 2000): Promise<Buffer | undefined> {
  const socket = dgram.createSocket('udp4');
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const finish = (answer: Buffer | undefined): void => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    socket.on('message', (bytes) => finish(bytes));
    socket.send(message, port, '127.0.0.1');
  });
}

function sendTcp(port: number, bytes: Buffer, reset: boolean): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.write(bytes);
      if (reset) socket.resetAndDestroy();
      else socket.end();
    });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    setTimeout(() => socket.destroy(), 500);
  });
}

const hostileDatagram = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 600 }),
  // a header with random counts and a pointer loop for a name
  fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })).map(([id, count]) => {
    const header = Buffer.alloc(12);
    header.writeUInt16BE(id, 0);
    for (let at = 4; at < 12; at += 2) header.writeUInt16BE(count, at);
    return Buffer.concat([header, Buffer.from([0xc0, 12, 0, 1, 0, 1])]);
  }),
);

const query = dnsPacket.encode({ id: 4242, type: 'query', flags: dnsPacket.RECURSION_DESIRED, questions: [{ name: 'gaia.cs.umass.edu', type: 'A' }] });

async function survives(server: RunningServer, expectAnswer: boolean): Promise<void> {
  const port = server.endpoint.port;
  await fc.assert(
    fc.asyncProperty(hostileDatagram, fc.boolean(), async (bytes, reset) => {
      await askUdp(port, Buffer.from(bytes), 50);
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(Math.min(0xffff, bytes.length + 100));
      await sendTcp(port, Buffer.concat([prefix, Buffer.from(bytes)]), reset);
    }),
    { numRuns: 40 },
  );
  const answer = await askUdp(port, query);
  expect(answer).toBeDefined();
  if (expectAnswer && answer) expect(dnsPacket.decode(answer).id).toBe(4242);
}

describe('reference DNS servers under hostile input', () => {
  it('the authoritative server keeps answering', async () => {
    const server = await startAuthoritativeServer({ host: '127.0.0.1', port: 0, fixturesDir });
    try {
      await survives(server, true);
    } finally {
      await server.close();
    }
  });

  it('the resolver keeps answering (SERVFAIL without its hierarchy, but an answer)', async () => {
    // Upstream port 9 (discard): nobody answers, and the dns-resolver suite's hierarchy, if running, is left alone.
    const server = await startResolverServer({ host: '127.0.0.1', port: 0, fixturesDir, upstreamTimeoutMs: 50, upstreamPort: 9 });
    try {
      await survives(server, true);
    } finally {
      await server.close();
    }
  });
});
