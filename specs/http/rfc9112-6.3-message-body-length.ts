import fc from 'fast-check';
import { expectBytesEqual, expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { bodyBytes, encodeChunked, uploadName } from './arbitraries.ts';
import { expectRefusedAndClosed, isSuccess, requireEtag, withProbe } from './checks.ts';
import { basePage, siteFile, siteFileAt } from './fixture-site.ts';
import { conflictingContentLengths, invalidContentLength } from './invalid-requests.ts';
import { buildRequest, exchange, hostOf } from './requests.ts';
import type { HttpResponseMessage } from './response-reader.ts';
import { freshUploadPath, getFresh } from './uploads.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '6.3', title: 'Message Body Length' };

/** The probe GET of the base page came back whole, after the request before it. */
function expectProbeServed(io: Parameters<typeof siteFileAt>[0], responses: HttpResponseMessage[], after: string): void {
  const probe = responses[1];
  if (!probe) return;
  expectEqual(`status of the GET ${basePage} pipelined after ${after}`, probe.status, 200);
  expectBytesEqual(`body of the pipelined GET ${basePage}`, probe.body, siteFileAt(io, basePage).bytes);
}

export default section(citation, [
  rule({
    slug: 'transfer-encoding-overrides-content-length',
    level: 'MUST',
    title: 'With both Transfer-Encoding: chunked and Content-Length, the request is refused (400) or its body read as chunked',
    sends: 'PUT /uploads/<new> with a chunked body and a wrong Content-Length; then GET it on a new connection',
    input: fc.tuple(uploadName(), bodyBytes(200), fc.integer({ min: 1, max: 9 })),
    maxRuns: 5,
    check: async (io, [name, body, skew]) => {
      const path = freshUploadPath(name);
      const chunked = encodeChunked(body, { sizes: [body.length] });
      const response = await exchange(io, { method: 'PUT', target: path, fields: [['Transfer-Encoding', 'chunked'], ['Content-Length', String(Math.max(0, chunked.length - skew))]], body: chunked });
      if (response.status === 400) return;
      if (!isSuccess(response.status)) io.notApplicable(`the target answered ${response.status} to PUT ${path}`);
      const stored = await getFresh(io, path);
      expectBytesEqual(`what GET ${path} returns (the chunked body, decoded)`, stored.body, body);
    },
  }),
  rule({
    slug: 'chunked-not-final-400',
    level: 'MUST',
    title: 'A request whose Transfer-Encoding does not end with chunked is answered 400 and the connection closed',
    sends: 'PUT with Transfer-Encoding "chunked, gzip" or "gzip" or "chunked, identity"',
    input: fc.tuple(fc.constantFrom('chunked, gzip', 'gzip', 'chunked, deflate', 'deflate'), uploadName()),
    maxRuns: 4,
    check: async (io, [codings, name]) => {
      const request = buildRequest(io.target, { method: 'PUT', target: freshUploadPath(name), fields: [['Transfer-Encoding', codings]], body: encodeChunked(Buffer.from('abc'), { sizes: [3] }) });
      await expectRefusedAndClosed(io, request, `Transfer-Encoding: ${codings}`);
    },
  }),
  rule({
    slug: 'conflicting-content-lengths-400',
    level: 'MUST',
    title: 'A request with differing Content-Length values is answered 400 and the connection closed',
    sends: 'PUT with two different Content-Length values (two lines, or one list)',
    input: fc.tuple(conflictingContentLengths(), uploadName()),
    maxRuns: 6,
    check: async (io, [{ values, asList }, name]) => {
      const fields: [string, string][] = asList ? [['Content-Length', `${values[0]}, ${values[1]}`]] : [['Content-Length', String(values[0])], ['Content-Length', String(values[1])]];
      const request = buildRequest(io.target, { method: 'PUT', target: freshUploadPath(name), fields, body: 'x'.repeat(values[1]) });
      await expectRefusedAndClosed(io, request, `Content-Length ${values.join(' and ')}`);
    },
  }),
  rule({
    slug: 'invalid-content-length-400',
    level: 'MUST',
    title: 'A request whose Content-Length is not a decimal number is answered 400 and the connection closed',
    sends: 'PUT with Content-Length like "+5", "5e1" or "0x5"',
    input: fc.tuple(invalidContentLength(), uploadName()),
    maxRuns: 6,
    check: async (io, [value, name]) => {
      const request = buildRequest(io.target, { method: 'PUT', target: freshUploadPath(name), fields: [['Content-Length', value]], body: 'x'.repeat(40) });
      await expectRefusedAndClosed(io, request, `Content-Length: ${value}`);
    },
  }),
  rule({
    slug: 'content-length-frames-body',
    level: 'MUST',
    title: 'Content-Length delimits a request body even when the method is refused: a body that looks like a request is not answered',
    sends: 'POST /index.html with a body holding a request, then a pipelined GET',
    input: fc.constantFrom('/no-such-smuggled-a', '/no-such-smuggled-b', '/docs/'),
    maxRuns: 3,
    check: async (io, hiddenPath) => {
      const hidden = `GET ${hiddenPath} HTTP/1.1\r\nHost: ${hostOf(io.target)}\r\n\r\n`;
      const { responses } = await withProbe(io, buildRequest(io.target, { method: 'POST', target: basePage, body: hidden, fields: [['Content-Type', 'text/plain']] }));
      expectProbeServed(io, responses, 'a POST whose body looks like a request');
    },
  }),
  rule({
    slug: 'no-length-means-no-body',
    level: 'MUST',
    title: 'A request without Content-Length or Transfer-Encoding has no body: the next request on the connection is answered',
    sends: 'POST of a fixture file without framing fields, then a pipelined GET',
    input: siteFile,
    maxRuns: 4,
    check: async (io, file) => {
      const { responses } = await withProbe(io, buildRequest(io.target, { method: 'POST', target: file.path }));
      expectProbeServed(io, responses, 'a POST without a body');
    },
  }),
  rule({
    slug: 'not-modified-has-no-body',
    level: 'MUST',
    title: 'A 304 response ends at its header section: the next bytes are the next response',
    sends: 'GET with If-None-Match: <its ETag>, then a pipelined GET',
    input: siteFile,
    maxRuns: 4,
    check: async (io, file) => {
      const etag = requireEtag(io, await exchange(io, { target: file.path }), file.path);
      const { responses } = await withProbe(io, buildRequest(io.target, { target: file.path, fields: [['If-None-Match', etag]] }));
      expectEqual('status of the conditional GET', responses[0]?.status, 304);
      expectProbeServed(io, responses, 'a 304 response');
    },
  }),
]);
