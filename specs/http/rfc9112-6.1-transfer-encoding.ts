import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { bodyBytes, encodeChunked, token, uploadName } from './arbitraries.ts';
import { expectClosedAfter } from './checks.ts';
import { siteFile, visitsPath } from './fixture-site.ts';
import { exchange, exchangeRaw, hostOf } from './requests.ts';
import { fieldValue } from './response-reader.ts';
import { freshUploadPath, replacedWith204 } from './uploads.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '6.1', title: 'Transfer-Encoding' };

/** A request that only a Content-Length reader takes as one: chunked says it ends early. */
function smugglingRequest(host: string, path: string, teFirst: boolean): Buffer {
  const hidden = `GET /smuggled-${path.length} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
  const body = `0\r\n\r\n${hidden}`;
  const framing = [`Transfer-Encoding: chunked`, `Content-Length: ${body.length}`];
  if (!teFirst) framing.reverse();
  return Buffer.from(`PUT ${path} HTTP/1.1\r\nHost: ${host}\r\n${framing.join('\r\n')}\r\n\r\n${body}`, 'latin1');
}

export default section(citation, [
  rule({
    slug: 'te-and-cl-close-after-response',
    level: 'MUST',
    title: 'A request with both Transfer-Encoding and Content-Length gets one response, then the connection is closed (no smuggled request is answered)',
    sends: 'PUT with Transfer-Encoding: chunked and a Content-Length that covers a hidden second request',
    input: fc.tuple(uploadName(), fc.boolean()),
    maxRuns: 5,
    check: async (io, [name, teFirst]) => {
      const { response, connection } = await exchangeRaw(io, smugglingRequest(hostOf(io.target), freshUploadPath(name), teFirst));
      await expectClosedAfter(io, connection, `the ${response.status} response to a request with both framings`);
    },
  }),
  rule({
    slug: 'unknown-coding-501',
    level: 'SHOULD',
    title: 'A request whose Transfer-Encoding names a coding the server does not know is answered 501',
    sends: 'PUT with Transfer-Encoding: <unknown token>, chunked',
    input: fc.tuple(token(3, 10).filter((t) => !/^(chunked|gzip|x-gzip|deflate|compress|x-compress|identity|trailers)$/i.test(t)), uploadName()),
    maxRuns: 5,
    check: async (io, [coding, name]) => {
      const body = encodeChunked(Buffer.from('hello'), { sizes: [5] });
      const response = await exchange(io, { method: 'PUT', target: freshUploadPath(name), fields: [['Transfer-Encoding', `${coding}, chunked`]], body });
      expectEqual(`status for Transfer-Encoding: ${coding}, chunked`, response.status, 501);
    },
  }),
  rule({
    slug: 'no-transfer-encoding-to-http10',
    level: 'MUST',
    title: 'A response to an HTTP/1.0 request carries no Transfer-Encoding',
    sends: 'GET HTTP/1.0 of fixture files and of the visit counter',
    input: (setup) => fc.oneof(siteFile(setup).map((f) => f.path), fc.constant(visitsPath)),
    maxRuns: 8,
    check: async (io, path) => {
      const response = await exchange(io, { target: path, version: 'HTTP/1.0' });
      expectEqual(`Transfer-Encoding in the response to GET ${path} HTTP/1.0`, fieldValue(response, 'transfer-encoding'), undefined);
    },
  }),
  rule({
    slug: 'http10-transfer-encoding-is-faulty',
    level: 'MUST',
    title: 'An HTTP/1.0 request with Transfer-Encoding is treated as faulty framing: one response, then close',
    sends: 'POST HTTP/1.0 with Connection: keep-alive, Transfer-Encoding: chunked, a last chunk and a hidden second request',
    input: fc.constantFrom('/index.html', '/about.txt'),
    maxRuns: 3,
    check: async (io, path) => {
      const hidden = `GET /smuggled HTTP/1.0\r\nHost: ${hostOf(io.target)}\r\n\r\n`;
      const request = `POST ${path} HTTP/1.0\r\nHost: ${hostOf(io.target)}\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${hidden}`;
      const { response, connection } = await exchangeRaw(io, Buffer.from(request, 'latin1'));
      await expectClosedAfter(io, connection, `the ${response.status} response to an HTTP/1.0 request with Transfer-Encoding`);
    },
  }),
  rule({
    slug: 'no-transfer-encoding-in-204',
    level: 'MUST',
    title: 'A 204 (No Content) response carries no Transfer-Encoding',
    sends: 'PUT a new upload, then PUT it again (a replacement is often answered 204)',
    input: fc.tuple(uploadName(), bodyBytes(64)),
    maxRuns: 4,
    check: async (io, [name, body]) => {
      const again = await replacedWith204(io, name, body);
      expectThat(fieldValue(again, 'transfer-encoding') === undefined, 'a 204 response carries Transfer-Encoding', 'no Transfer-Encoding', fieldValue(again, 'transfer-encoding'));
    },
  }),
]);
