import { readFile } from 'node:fs/promises';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../harness/core/catalogue.ts';
import type { RunningServer } from '../../../harness/core/suite.ts';
import { startHttp2Server } from '../../../reference/http2/server.ts';
import { connectionPreface, encodeFrame, frames, parseSettings, splitFrames } from '../../../specs/http2/frame.ts';

const docroot = path.join(fixturesDir, 'http', 'docroot');

/** Sends raw bytes and collects what comes back until the server closes or `ms` pass. */
function exchange(port: number, bytes: Buffer, ms = 1000): Promise<{ data: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let data = Buffer.alloc(0);
    const finish = (closed: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ data, closed });
    };
    const timer = setTimeout(() => finish(false), ms);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.write(bytes);
  });
}

function h2Get(port: number, urlPath: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on('error', reject);
    const request = session.request({ ':path': urlPath });
    const chunks: Buffer[] = [];
    let status = 0;
    request.on('response', (headers) => {
      status = Number(headers[':status']);
    });
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      session.close();
      resolve({ status, body: Buffer.concat(chunks) });
    });
    request.on('error', reject);
  });
}

function h1Get(port: number, urlPath: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent: false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('HTTP/2 reference server', () => {
  let server: RunningServer;
  let port = 0;

  beforeAll(async () => {
    server = await startHttp2Server({ host: '127.0.0.1', port: 0, fixturesDir });
    port = server.endpoint.port;
  });

  afterAll(async () => {
    await server.close();
  });

  it('serves the shared docroot over h2c by prior knowledge and over HTTP/1.1 on the same port', async () => {
    const expected = await readFile(path.join(docroot, 'index.html'));
    const overH2 = await h2Get(port, '/');
    expect(overH2.status).toBe(200);
    expect(overH2.body.equals(expected)).toBe(true);
    const overH1 = await h1Get(port, '/index.html');
    expect(overH1.status).toBe(200);
    expect(overH1.body.equals(expected)).toBe(true);
    expect((await h2Get(port, '/no-such-file')).status).toBe(404);
  });

  it('keeps requests inside the docroot', async () => {
    for (const target of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd']) {
      const { status, body } = await h2Get(port, target);
      expect(status).not.toBe(200);
      expect(body.toString()).not.toContain('root:');
    }
  });

  it('upgrades an HTTP/1.1 request with Upgrade: h2c and answers it on stream 1', async () => {
    const settings = frames.settings([[0x3, 50]]).payload.toString('base64url');
    const request = `GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: ${settings}\r\n\r\n`;
    const preface = Buffer.concat([connectionPreface, encodeFrame(frames.settings([]))]);
    const { data } = await exchange(port, Buffer.concat([Buffer.from(request), preface]), 500);
    const text = data.toString('latin1');
    expect(text.startsWith('HTTP/1.1 101')).toBe(true);
    const { frames: received } = splitFrames(data.subarray(text.indexOf('\r\n\r\n') + 4));
    expect(received[0]?.type).toBe(0x4);
    expect(parseSettings(received[0]?.payload ?? Buffer.alloc(0)).length).toBeGreaterThan(0);
    expect(received.some((f) => f.type === 0x1 && f.streamId === 1)).toBe(true);
    expect(received.some((f) => f.type === 0x0 && f.streamId === 1 && (f.flags & 0x1) !== 0)).toBe(true);
  });

  it('declines an upgrade without HTTP2-Settings and answers in HTTP/1.1', async () => {
    const request = 'GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n';
    const { data } = await exchange(port, Buffer.from(request), 500);
    expect(data.toString('latin1')).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('survives hostile octets and a frame header announcing 16 MB, and serves the next client', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_v, i) => (i * 97 + 13) % 256));
    await exchange(port, garbage, 300);
    const hugeHeader = Buffer.from([0xff, 0xff, 0xff, 0x0, 0x0, 0, 0, 0, 1]);
    const { data, closed } = await exchange(port, Buffer.concat([connectionPreface, encodeFrame(frames.settings([])), hugeHeader]), 1000);
    expect(closed).toBe(true);
    expect(splitFrames(data).frames.some((f) => f.type === 0x7)).toBe(true);
    expect((await h2Get(port, '/')).status).toBe(200);
  });

  it('closes with connections still open, and drops them', async () => {
    const other = await startHttp2Server({ host: '127.0.0.1', port: 0, fixturesDir });
    const idle = net.connect({ host: '127.0.0.1', port: other.endpoint.port });
    idle.resume();
    await new Promise((resolve) => idle.once('connect', resolve));
    idle.write(Buffer.concat([connectionPreface, encodeFrame(frames.settings([]))]));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // close() must resolve although a client is still connected (the test's timeout would catch a hang).
    await other.close();
    expect(await new Promise((resolve) => (idle.destroyed ? resolve(true) : idle.once('close', () => resolve(true))))).toBe(true);
  });
});
