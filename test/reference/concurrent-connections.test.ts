import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dnsPacket from 'dns-packet';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturesDir, loadSuites, referenceDir } from '../../harness/core/catalogue.ts';
import type { RunningServer } from '../../harness/core/suite.ts';
import type { Endpoint } from '../../harness/wire/limits.ts';
import { TcpConnection } from '../../harness/wire/tcp-connection.ts';

/**
 * Robustness: every TCP reference holds 1,000 client connections at once. All are opened
 * before any is used; then each carries one exchange of its protocol (a greeting and a command,
 * a request and its response, a handshake) while all the others stay open; every one must
 * succeed. After they are closed the server must still serve a new client.
 */

const connections = 1000;
/** Generous: a connect or read of one of 1,000 clients on a loaded two-core machine. */
const limits = { readTimeoutMs: 30_000, maxReplyBytes: 256 * 1024 };

type Exchange = (connection: TcpConnection, index: number, server: RunningServer) => Promise<void>;

interface Case {
  suite: string;
  /** What every connection does, in words for the table. */
  does: string;
  exchange: Exchange;
  /** Servers the case needs besides its reference (closed afterwards). */
  companions?: () => Promise<RunningServer[]>;
}

function fail(message: string): never {
  throw new Error(message);
}

/** Reads lines until one starts with `final` (a multi-line reply's last line); returns them all. */
async function readReply(connection: TcpConnection, final: RegExp): Promise<string[]> {
  const lines: string[] = [];
  for (;;) {
    const { text } = await connection.readLine();
    lines.push(text);
    if (final.test(text)) return lines;
    if (lines.length > 200) fail(`no final line matching ${final} in 200 lines`);
  }
}

/** An HTTP/1.1 response: its status and body (Content-Length framed, else until close). */
async function readHttpResponse(connection: TcpConnection): Promise<{ status: number; body: Buffer }> {
  const head = (await connection.readUntil('\r\n\r\n', 'a response head')).toString('latin1');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? fail(`not a status line: ${head.slice(0, 60)}`));
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
  const body = length !== undefined ? await connection.readExactly(Number(length)) : await connection.readToEnd();
  return { status, body };
}

let origin: RunningServer | undefined;

async function suiteServer(name: string): Promise<RunningServer> {
  const suite = (await loadSuites()).find((s) => s.name === name) ?? fail(`no suite ${name}`);
  return suite.reference.start({ host: '127.0.0.1', port: 0, fixturesDir });
}

const crlf = (text: string): string => `${text}\r\n`;
const trackerHash = createHash('sha1').update('rfcheck tracker swarm 0').digest();
const percent = (bytes: Buffer): string => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const seedHash = Buffer.from('54cdaacd7139ffa9a6aabd2594f913f06dcfe9e3', 'hex');

async function frame(connection: TcpConnection): Promise<{ type: number; flags: number; payload: Buffer }> {
  const header = await connection.readExactly(9, 'a frame header');
  const length = header.readUIntBE(0, 3);
  return { type: header[3] as number, flags: header[4] as number, payload: await connection.readExactly(length, 'a frame payload') };
}

function h2Frame(type: number, flags: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  return Buffer.concat([header, payload]);
}

const cases: Case[] = [
  {
    suite: 'echo-tcp',
    does: 'a line, its uppercased echo',
    exchange: async (c, i) => {
      await c.write(`hello ${i}\n`);
      expect((await c.readLine()).text).toBe(`HELLO ${i}`);
    },
  },
  {
    suite: 'http',
    does: 'two keep-alive GETs',
    exchange: async (c) => {
      for (let n = 0; n < 2; n++) {
        await c.write('GET /about.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
        const { status, body } = await readHttpResponse(c);
        expect(status).toBe(200);
        expect(body.length).toBeGreaterThan(0);
      }
    },
  },
  {
    suite: 'http-cache',
    does: 'GET through the proxy (forward mode) to an http reference',
    companions: async () => {
      origin = await suiteServer('http');
      return [origin];
    },
    exchange: async (c) => {
      const { host, port } = origin?.endpoint ?? fail('no origin');
      await c.write(`GET http://${host}:${port}/about.txt HTTP/1.1\r\nHost: ${host}:${port}\r\n\r\n`);
      const { status, body } = await readHttpResponse(c);
      expect(status).toBe(200);
      expect(body.length).toBeGreaterThan(0);
    },
  },
  {
    suite: 'http2',
    does: 'preface, SETTINGS both ways, PING echoed',
    exchange: async (c, i) => {
      const ping = Buffer.alloc(8);
      ping.writeUInt32BE(i, 4);
      await c.write(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1'), h2Frame(4, 0, Buffer.alloc(0)), h2Frame(6, 0, ping)]));
      let settings = false;
      let acked = false;
      let ponged = false;
      for (let n = 0; n < 20 && !(settings && acked && ponged); n++) {
        const f = await frame(c);
        if (f.type === 4 && f.flags === 0) {
          settings = true;
          await c.write(h2Frame(4, 1, Buffer.alloc(0)));
        } else if (f.type === 4 && f.flags === 1) acked = true;
        else if (f.type === 6 && f.flags === 1) ponged = f.payload.equals(ping);
        else if (f.type === 7) fail('GOAWAY');
      }
      expect([settings, acked, ponged]).toEqual([true, true, true]);
    },
  },
  {
    suite: 'smtp',
    does: 'greeting, EHLO',
    exchange: async (c) => {
      expect((await readReply(c, /^220 /)).length).toBeGreaterThan(0);
      await c.write(crlf('EHLO client.rfcheck.test'));
      expect((await readReply(c, /^\d{3} /)).at(-1)).toMatch(/^250 /);
    },
  },
  {
    suite: 'pop3',
    does: 'greeting, CAPA',
    exchange: async (c) => {
      expect((await c.readLine()).text).toMatch(/^\+OK/);
      await c.write(crlf('CAPA'));
      const lines = await readReply(c, /^\.$|^-ERR/);
      expect(lines[0]).toMatch(/^\+OK/);
    },
  },
  {
    suite: 'imap',
    does: 'greeting, CAPABILITY',
    exchange: async (c) => {
      expect((await c.readLine()).text).toMatch(/^\* OK/);
      await c.write(crlf('a1 CAPABILITY'));
      const lines = await readReply(c, /^a1 /);
      expect(lines.at(-1)).toMatch(/^a1 OK/);
      expect(lines[0]).toMatch(/^\* CAPABILITY .*IMAP4rev1/);
    },
  },
  {
    suite: 'dns-auth',
    does: 'an A query over TCP (RFC 7766)',
    exchange: async (c, i) => {
      const id = i & 0xffff;
      await c.write(dnsPacket.streamEncode({ id, type: 'query', questions: [{ name: 'gaia.cs.umass.edu', type: 'A', class: 'IN' }] }));
      const length = (await c.readExactly(2)).readUInt16BE(0);
      const answer = dnsPacket.decode(await c.readExactly(length));
      expect(answer.id).toBe(id);
      expect(answer.answers?.map((r) => ('data' in r ? r.data : undefined))).toEqual(['128.119.245.12']);
    },
  },
  {
    suite: 'ftp',
    does: 'greeting, NOOP (control connection)',
    exchange: async (c) => {
      expect((await readReply(c, /^\d{3} /)).at(-1)).toMatch(/^220 /);
      await c.write(crlf('NOOP'));
      expect((await readReply(c, /^\d{3} /)).at(-1)).toMatch(/^200 /);
    },
  },
  {
    suite: 'bittorrent-tracker',
    does: 'an announce (HTTP GET)',
    exchange: async (c, i) => {
      const peerId = Buffer.from(`-RC0001-${String(i).padStart(12, '0')}`);
      await c.write(`GET /announce?info_hash=${percent(trackerHash)}&peer_id=${percent(peerId)}&port=${20000 + i}&uploaded=0&downloaded=0&left=0&compact=1&numwant=5 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      const { status, body } = await readHttpResponse(c);
      expect(status).toBe(200);
      expect(body.toString('latin1')).toMatch(/8:intervali\d+e/);
    },
  },
  {
    suite: 'bittorrent-peer',
    does: 'a handshake for the seed torrent',
    exchange: async (c, i) => {
      const peerId = Buffer.from(`-RC0001-${String(i).padStart(12, '0')}`);
      await c.write(Buffer.concat([Buffer.from('\x13BitTorrent protocol', 'latin1'), Buffer.alloc(8), seedHash, peerId]));
      const reply = await c.readExactly(68, 'a handshake');
      expect(reply.subarray(0, 20).toString('latin1')).toBe('\x13BitTorrent protocol');
      expect(reply.subarray(28, 48).equals(seedHash)).toBe(true);
    },
  },
  {
    suite: 'gnutella',
    does: 'the 0.6 handshake (CONNECT, 200, 200)',
    exchange: async (c) => {
      await c.write('GNUTELLA CONNECT/0.6\r\nUser-Agent: rfcheck-concurrency\r\nX-Ultrapeer: False\r\n\r\n');
      const head = (await c.readUntil('\r\n\r\n', 'the handshake answer')).toString('latin1');
      expect(head).toMatch(/^GNUTELLA\/0\.6 200/);
      await c.write('GNUTELLA/0.6 200 OK\r\n\r\n');
    },
  },
];

/** dash joins when its reference exists (its suite is being added): the MPD over keep-alive HTTP. */
const dashPresent = existsSync(path.join(referenceDir, 'dash', 'index.ts'));
if (dashPresent) {
  cases.push({
    suite: 'dash',
    does: 'GET of the MPD',
    exchange: async (c) => {
      await c.write('GET /manifest.mpd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      const { status, body } = await readHttpResponse(c);
      expect(status).toBe(200);
      expect(body.toString('utf8')).toContain('<MPD');
    },
  });
}

interface Row {
  suite: string;
  does: string;
  connections: number;
  failures: number;
  seconds: number;
  firstFailure?: string;
}

/** The soft limit on open files of this process (each connection costs two: client and server). */
function openFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === 'unlimited' ? Infinity : Number(soft);
}

async function holdAndExchange(server: RunningServer, exchange: Exchange): Promise<Omit<Row, 'suite' | 'does'>> {
  const started = Date.now();
  const errors: string[] = [];
  const opened = await Promise.allSettled(Array.from({ length: connections }, () => TcpConnection.open(server.endpoint, { limits })));
  const held = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : (errors.push(`connect: ${String(r.reason)}`), [])));
  try {
    // Every connection is open before any exchange starts; all exchanges then run at once.
    const done = await Promise.allSettled(held.map((connection, i) => exchange(connection, i, server)));
    for (const r of done) if (r.status === 'rejected') errors.push(String(r.reason));
  } finally {
    for (const connection of held) connection.close();
  }
  return { connections, failures: errors.length, seconds: (Date.now() - started) / 1000, ...(errors[0] ? { firstFailure: errors[0] } : {}) };
}

/** A fresh client after the 1,000 are gone: served as one of them was. */
async function servesAnother(endpoint: Endpoint, exchange: Exchange, server: RunningServer): Promise<void> {
  const connection = await TcpConnection.open(endpoint, { limits });
  try {
    await exchange(connection, connections, server);
  } finally {
    connection.close();
  }
}

describe(`every TCP reference holds ${connections} connections at once`, () => {
  const rows: Row[] = [];
  afterAll(() => {
    const table = [
      `${'protocol'.padEnd(20)} ${'connections'.padStart(11)} ${'failures'.padStart(8)} ${'seconds'.padStart(8)}  exchange on each`,
      ...rows.map((r) => `${r.suite.padEnd(20)} ${String(r.connections).padStart(11)} ${String(r.failures).padStart(8)} ${r.seconds.toFixed(1).padStart(8)}  ${r.does}`),
      ...(dashPresent ? [] : [`${'dash'.padEnd(20)} not covered: reference/dash/index.ts does not exist yet`]),
    ];
    process.stdout.write(`\n${table.join('\n')}\n`);
  });

  it('runs with enough file descriptors (raise `ulimit -n` to 4096 or more otherwise)', () => {
    expect(openFileLimit()).toBeGreaterThanOrEqual(4 * connections);
  });

  it.each(cases.map((c) => [c.suite, c] as const))('%s', async (_name, testCase) => {
    const companions = (await testCase.companions?.()) ?? [];
    const server = await suiteServer(testCase.suite);
    try {
      const row = { ...(await holdAndExchange(server, testCase.exchange)), suite: testCase.suite, does: testCase.does };
      rows.push(row);
      expect(row.firstFailure).toBeUndefined();
      expect(row.failures).toBe(0);
      await servesAnother(server.endpoint, testCase.exchange, server);
    } finally {
      await server.close();
      for (const companion of companions) await companion.close();
    }
  }, 180_000);
});
