import fc from 'fast-check';
import { ConnectionClosed } from '../../harness/core/errors.ts';
import { expectBytesEqual, expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { basePage, redirectDirectory, siteFile, siteFileAt, visitsPath } from './fixture-site.ts';
import { buildRequest, exchange, hostOf } from './requests.ts';
import { endsConnection, readResponse } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '5.3', title: 'Field Order' };

/** Fields defined as singletons: a response holds each at most once. */
const singletons = ['content-length', 'content-type', 'date', 'etag', 'last-modified', 'location', 'server', 'age', 'expires'];

export default section(citation, [
  rule({
    slug: 'waits-for-whole-header-section',
    level: 'MUST',
    title: 'The server does not act on a request before its whole header section has arrived',
    sends: 'a GET whose header section is held back before its last field for 60 ms, then completed together with a pipelined GET',
    input: fc.constantFrom('Accept: */*', 'X-Later: 1', 'Cookie: later=1'),
    maxRuns: 2,
    check: async (io, lastField) => {
      const connection = await io.tcp();
      io.step(`send "GET ${basePage} HTTP/1.1", Host and nothing more; wait 60 ms`);
      await connection.write(`GET ${basePage} HTTP/1.1\r\nHost: ${hostOf(io.target)}\r\n`);
      const early = await connection.collectFor(60);
      expectThat(early.length === 0, 'the server answered before the header section was complete', 'no bytes before the empty line', `${early.length} bytes`);
      io.step(`send "${lastField}", the empty line and a GET of ${basePage}?probe`);
      await connection.write(Buffer.concat([Buffer.from(`${lastField}\r\n\r\n`, 'latin1'), buildRequest(io.target, { target: `${basePage}?probe` })]));
      // A server that acted early reads the rest as a request of its own: the answers slip.
      const base = siteFileAt(io, basePage).bytes;
      const first = await readResponse(connection, { what: 'the completed request' });
      expectEqual('status of the completed request', first.status, 200);
      expectBytesEqual('body of the completed request', first.body, base);
      if (endsConnection(first)) return;
      let second;
      try {
        second = await readResponse(connection, { what: 'the pipelined GET' });
      } catch (error) {
        // Closing early is a persistence matter (RFC 9112 §9.3), judged by other rules.
        if (error instanceof ConnectionClosed) return;
        throw error;
      }
      expectEqual('status of the pipelined GET', second.status, 200);
      expectBytesEqual('body of the pipelined GET', second.body, base);
    },
  }),
  rule({
    slug: 'no-repeated-singleton-fields',
    level: 'MUST',
    title: 'A response never repeats a singleton field (Content-Length, Content-Type, Date, ETag, Last-Modified, Location, …)',
    sends: 'GET of fixture files, the redirect directory, a missing file and the visit counter',
    input: (setup) => fc.oneof(siteFile(setup).map((f) => f.path), fc.constantFrom(redirectDirectory, '/no-such-file', visitsPath)),
    maxRuns: 10,
    check: async (io, path) => {
      const response = await exchange(io, { target: path });
      for (const name of singletons) {
        const count = response.fields.filter((f) => f.name.toLowerCase() === name).length;
        expectThat(count <= 1, `the response to GET ${path} has ${count} ${name} field lines`, `at most one ${name}`, String(count));
      }
    },
  }),
]);
