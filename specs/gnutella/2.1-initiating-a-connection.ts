import fc from 'fast-check';
import { ConnectionClosed, NoReply } from '../../harness/core/errors.ts';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { NeighbourSession } from './neighbour-session.ts';

/**
 * Gnutella 0.6, 2.1 "Initiating a Connection": the three-step handshake — the client's
 * "GNUTELLA CONNECT/0.6" and header lines, the servent's "GNUTELLA/0.6 200" and header lines,
 * the client's "GNUTELLA/0.6 200" — every line ended by CRLF, a blank line closing each block.
 */

const citation = { suite: 'gnutella', rfc: 'Gnutella Protocol Specification 0.6', section: '2.1', title: 'Initiating a Connection' };

export default section(citation, [
  rule({
    slug: 'accepts-with-200-and-crlf',
    level: 'MUST',
    title: "A 0.6 connect is accepted with 'GNUTELLA/0.6 200', every handshake line ended by CRLF",
    sends: 'GNUTELLA CONNECT/0.6 with two header lines',
    input: fc.constant(null),
    maxRuns: 3,
    check: async (io) => {
      const session = await NeighbourSession.connect(io, 'A');
      const bare = session.handshakeLines.filter((line) => !line.crlf).map((line) => line.text);
      expectThat(bare.length === 0, `${bare.length} handshake line(s) end in a bare LF`, 'CRLF line ends', bare.join(' | '));
    },
  }),
  rule({
    slug: 'other-greeting-not-accepted',
    level: 'MUST',
    title: "A connection that does not open with 'GNUTELLA CONNECT/0.6' is not accepted with 200",
    sends: 'an HTTP request or a 0.4-style greeting instead of the 0.6 connect',
    input: fc.constantFrom('GET / HTTP/1.1\r\nHost: servent\r\n\r\n', 'GNUTELLA CONNECT/0.4\r\n\r\n', 'HELLO\r\n\r\n'),
    maxRuns: 6,
    check: async (io, greeting) => {
      const connection = await io.tcp();
      io.step(`send ${JSON.stringify(greeting)}`);
      await connection.write(greeting);
      let reply = '';
      try {
        reply = (await connection.readLine('the answer or the close', { maxBytes: 1024 })).text;
      } catch (error) {
        if (!(error instanceof ConnectionClosed) && !(error instanceof NoReply)) throw error;
      }
      expectThat(!/^GNUTELLA\/0\.6 200/.test(reply), 'a greeting that is not a 0.6 connect was accepted', 'a refusal or the close', reply);
    },
  }),
]);
