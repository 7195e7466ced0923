import fc from 'fast-check';
import { expectBytesEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { bodyBytes, chunkSizes, encodeChunked, hexStyle, uploadName } from './arbitraries.ts';
import { isSuccess } from './checks.ts';
import { visitsPath } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { fieldValue } from './response-reader.ts';
import { freshUploadPath, getFresh, requirePutSupport } from './uploads.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '7.1', title: 'Chunked Transfer Coding' };

/** A body and how to cut it into chunks. */
const chunkedUpload = fc.tuple(uploadName(), bodyBytes(3000, 16)).chain(([name, body]) => fc.tuple(fc.constant(name), fc.constant(body), chunkSizes(body.length), hexStyle()));

export default section(citation, [
  rule({
    slug: 'chunked-request-decoded',
    level: 'MUST',
    title: 'A chunked request body is decoded (hex sizes in either case, leading zeros): PUT then GET returns the bytes',
    sends: 'PUT /uploads/<new> with Transfer-Encoding: chunked, then GET it',
    input: chunkedUpload,
    maxRuns: 8,
    check: async (io, [name, body, sizes, style]) => {
      const path = freshUploadPath(name);
      const put = await exchange(io, { method: 'PUT', target: path, fields: [['Transfer-Encoding', 'chunked']], body: encodeChunked(body, { sizes, style }) });
      requirePutSupport(io, put, path);
      expectThat(isSuccess(put.status), `a chunked PUT of ${body.length} bytes in ${sizes.length} chunks got ${put.status}`, '2xx', String(put.status));
      expectBytesEqual(`GET ${path} after the chunked PUT`, (await getFresh(io, path)).body, body);
    },
  }),
  rule({
    slug: 'trailer-section-accepted',
    level: 'MUST',
    title: 'A chunked request body followed by trailer fields is decoded like one without',
    sends: 'PUT with a chunked body and one or two trailer fields, then GET it',
    input: fc.tuple(chunkedUpload, fc.constantFrom<[string, string][]>([['X-Checksum', 'abc']], [['X-Trace', '1'], ['X-Note', 'two words']])),
    maxRuns: 5,
    check: async (io, [[name, body, sizes], trailer]) => {
      const path = freshUploadPath(name);
      const put = await exchange(io, { method: 'PUT', target: path, fields: [['Transfer-Encoding', 'chunked']], body: encodeChunked(body, { sizes, trailer }) });
      requirePutSupport(io, put, path);
      expectThat(isSuccess(put.status), `a chunked PUT with a trailer section got ${put.status}`, '2xx', String(put.status));
      expectBytesEqual(`GET ${path} after the chunked PUT`, (await getFresh(io, path)).body, body);
    },
  }),
  rule({
    slug: 'chunk-size-overflow-refused',
    level: 'MUST',
    title: 'A chunk-size too large for the server is refused, not wrapped around to a small number',
    sends: 'PUT with a chunk-size of 2^32 + n hex, then one with 2^64 + n, each followed by n bytes',
    input: fc.tuple(uploadName(), fc.integer({ min: 1, max: 15 })),
    maxRuns: 3,
    check: async (io, [name, n]) => {
      for (const bits of [32, 64]) {
        const size = `1${'0'.repeat(bits / 4 - 1)}${n.toString(16)}`;
        const body = Buffer.from(`${size}\r\n${'z'.repeat(n)}\r\n0\r\n\r\n`, 'latin1');
        const response = await exchange(io, { method: 'PUT', target: freshUploadPath(name), fields: [['Transfer-Encoding', 'chunked']], body });
        expectThat(!isSuccess(response.status), `a chunk-size of 0x${size} was accepted (${response.status})`, '4xx or 5xx', String(response.status));
      }
    },
  }),
  rule({
    slug: 'chunked-response-well-formed',
    level: 'MUST',
    title: 'A chunked response is well formed: hex sizes, CRLF after each chunk, a last chunk and an empty trailer section',
    sends: 'GET HTTP/1.1 of the visit counter (a dynamic page), read strictly',
    input: fc.constant(visitsPath),
    maxRuns: 3,
    check: async (io, path) => {
      // The reader already refuses malformed sizes and missing CRLFs after chunk data.
      const response = await exchange(io, { target: path });
      io.step(`framing: ${response.framing}${fieldValue(response, 'transfer-encoding') ? ` (Transfer-Encoding: ${fieldValue(response, 'transfer-encoding')})` : ''}`);
      expectThat(response.chunkLinesWithBareLineFeed === 0, `${response.chunkLinesWithBareLineFeed} chunk-size or trailer lines end in a bare LF`, 'CRLF after every chunk-size and trailer line', 'bare LF');
    },
  }),
]);
