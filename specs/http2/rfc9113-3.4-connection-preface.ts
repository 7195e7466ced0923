import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { validClientSettings } from './arbitraries.ts';
import { ErrorCode, Flag, FrameType, connectionPreface, describeFrame, frames } from './frame.ts';
import { H2Client } from './h2-client.ts';

const citation = { suite: 'http2', rfc: 'RFC 9113', section: '3.4', title: 'HTTP/2 Connection Preface' };

export default section(citation, [
  rule({
    slug: 'server-preface-is-settings',
    level: 'MUST',
    title: "The server's first frame is a SETTINGS frame (not an ACK)",
    sends: 'the client preface with generated valid settings',
    input: validClientSettings(),
    maxRuns: 20,
    check: async (io, settings) => {
      const client = await H2Client.open(io, { settings });
      const first = await client.readFrame('the server connection preface');
      expectThat(
        first.type === FrameType.SETTINGS && (first.flags & Flag.ACK) === 0,
        'the server connection preface does not start with a SETTINGS frame',
        'SETTINGS without ACK',
        describeFrame(first),
      );
    },
  }),
  rule({
    slug: 'invalid-magic-is-connection-error',
    level: 'MUST',
    title: 'A connection preface whose magic octets differ is a connection error (PROTOCOL_ERROR or close)',
    sends: 'the 24-octet magic with one octet changed, then SETTINGS and PING',
    input: fc.record({ at: fc.integer({ min: 0, max: connectionPreface.length - 1 }), delta: fc.integer({ min: 1, max: 255 }) }),
    maxRuns: 24,
    check: async (io, { at, delta }) => {
      const magic = Buffer.from(connectionPreface);
      magic[at] = ((magic[at] ?? 0) + delta) % 256;
      const client = await H2Client.open(io, { magic });
      await client.expectConnectionError([ErrorCode.PROTOCOL_ERROR], `magic altered at octet ${at}`);
    },
  }),
  rule({
    slug: 'settings-must-follow-magic',
    level: 'MUST',
    title: 'A client preface whose first frame is not SETTINGS is a connection error of type PROTOCOL_ERROR',
    sends: 'the magic, then PING, WINDOW_UPDATE or PRIORITY instead of SETTINGS',
    input: fc.constantFrom('PING', 'WINDOW_UPDATE', 'PRIORITY'),
    maxRuns: 6,
    check: async (io, kind) => {
      const connection = await io.tcp();
      const client = H2Client.adopt(io, connection);
      const frame =
        kind === 'PING' ? frames.ping(Buffer.alloc(8)) : kind === 'WINDOW_UPDATE' ? frames.windowUpdate(0, 1000) : frames.priority(1, { exclusive: false, dependency: 0, weight: 15 });
      await client.sendRaw(connectionPreface, 'the magic without SETTINGS');
      await client.send(frame);
      await client.expectConnectionError([ErrorCode.PROTOCOL_ERROR], `${kind} as the first frame`);
    },
  }),
]);
