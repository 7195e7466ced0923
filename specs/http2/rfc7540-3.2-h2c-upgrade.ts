import fc from 'fast-check';
import { ConnectionClosed } from '../../harness/core/errors.ts';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import type { TcpConnection } from '../../harness/wire/tcp-connection.ts';
import { validClientSettings } from './arbitraries.ts';
import { Flag, FrameType, type SettingEntry, connectionPreface, describeFrame, encodeFrame, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';

/**
 * The h2c Upgrade from HTTP/1.1. RFC 9113 §3.1 deprecates it but defines nothing in its place,
 * so these rules cite RFC 7540 §3.2, where the requirements still stand for a server that
 * offers it. A server that declines every upgrade skips the first rule.
 */

const headLimit = 16 * 1024;

const settingsField = (settings: readonly SettingEntry[]): string => frames.settings(settings).payload.toString('base64url');

/**
 * Sends an HTTP/1.1 GET with the given extra header lines and reads the response head; the
 * status is "closed" if the server hangs up without one (it speaks no HTTP/1.1 on this port).
 */
async function upgradeRequest(io: RunIO, lines: string[]): Promise<{ connection: TcpConnection; status: string }> {
  const connection = await io.tcp();
  const request = `GET / HTTP/1.1\r\nHost: ${io.target.host}:${io.target.port}\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`;
  io.step(`send ${JSON.stringify(request)}`);
  await connection.write(request);
  try {
    const head = (await connection.readUntil('\r\n\r\n', 'the HTTP/1.1 response head', { maxBytes: headLimit })).toString('latin1');
    return { connection, status: head.split(' ')[1] ?? '' };
  } catch (error) {
    if (error instanceof ConnectionClosed) return { connection, status: 'closed' };
    throw error;
  }
}

export const upgrade = section({ suite: 'http2', rfc: 'RFC 7540', section: '3.2', title: 'Starting HTTP/2 for "http" URIs' }, [
  rule({
    slug: 'upgrade-answers-on-stream-1',
    level: 'MUST',
    title: 'After 101 Switching Protocols the server first sends SETTINGS, then the response to the upgraded request on stream 1',
    sends: 'GET / with Upgrade: h2c and HTTP2-Settings of generated values; after 101, the client preface',
    input: validClientSettings(),
    maxRuns: 10,
    check: async (io, settings) => {
      const { connection, status } = await upgradeRequest(io, ['Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', `HTTP2-Settings: ${settingsField(settings)}`]);
      if (status !== '101') io.notApplicable(`the server declined the h2c upgrade (status ${status})`);
      io.step('send the client preface');
      await connection.write(Buffer.concat([connectionPreface, encodeFrame(frames.settings([]))]));
      const client = H2Client.adopt(io, connection);
      const first = await client.readFrame('the server preface after 101');
      expectThat(first.type === FrameType.SETTINGS && (first.flags & Flag.ACK) === 0, 'the first frame after 101 is not SETTINGS', 'SETTINGS', describeFrame(first));
      await client.acceptSettings(first);
      await client.readResponse(1);
    },
  }),
]);

export const http2SettingsField = section({ suite: 'http2', rfc: 'RFC 7540', section: '3.2.1', title: 'HTTP2-Settings Header Field' }, [
  rule({
    slug: 'no-upgrade-without-one-http2-settings',
    level: 'MUST',
    title: 'A request to upgrade to h2c without exactly one HTTP2-Settings field is not upgraded',
    sends: 'GET / with Upgrade: h2c and no HTTP2-Settings field, or two of them',
    input: fc.record({ count: fc.constantFrom(0, 2), settings: validClientSettings() }),
    maxRuns: 6,
    check: async (io, { count, settings }) => {
      const lines = ['Connection: Upgrade, HTTP2-Settings', 'Upgrade: h2c', ...Array.from({ length: count }, () => `HTTP2-Settings: ${settingsField(settings)}`)];
      const { status } = await upgradeRequest(io, lines);
      expectThat(status !== '101', `the server switched to h2c with ${count} HTTP2-Settings fields`, 'no 101', status);
    },
  }),
]);
