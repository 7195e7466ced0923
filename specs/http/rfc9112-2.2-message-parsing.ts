import fc from 'fast-check';
import { expectBytesEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { expectHiddenCloseIgnored, expectRefusedAndClosed, expectStatus } from './checks.ts';
import { siteFile } from './fixture-site.ts';
import { malformedRequestLine, stray } from './invalid-requests.ts';
import { buildRequest, exchangeRaw, hostOf } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '2.2', title: 'Message Parsing' };

export default section(citation, [
  rule({
    slug: 'leading-empty-line-ignored',
    level: 'SHOULD',
    title: 'An empty line (CRLF) before the request-line is skipped and the request served',
    sends: 'CRLF, then GET of a fixture file',
    input: siteFile,
    maxRuns: 5,
    check: async (io, file) => {
      const request = Buffer.concat([Buffer.from('\r\n'), buildRequest(io.target, { target: file.path })]);
      const { response } = await exchangeRaw(io, request);
      expectStatus(`GET ${file.path} after an empty line`, response, [200]);
      expectBytesEqual(`body of ${file.path}`, response.body, file.bytes);
    },
  }),
  rule({
    slug: 'whitespace-before-first-field',
    level: 'MUST',
    title: 'A whitespace-preceded line right after the request-line is refused (400) or ignored, never taken as a field',
    sends: 'GET with "<SP>Connection: close" as the first line after the request-line, then a pipelined probe',
    input: stray(),
    maxRuns: 5,
    check: async (io, whitespace) => {
      const request = `GET /index.html HTTP/1.1\r\n${whitespace}Connection: close\r\nHost: ${hostOf(io.target)}\r\n\r\n`;
      await expectHiddenCloseIgnored(io, Buffer.from(request, 'latin1'));
    },
  }),
  rule({
    slug: 'bare-cr-not-a-line-break',
    level: 'MUST',
    title: 'A bare CR inside a field line is refused (400) or read as a space, never as a line break',
    sends: 'GET with "X-Note: a<CR>Connection: close", then a pipelined probe',
    input: fc.string({ unit: fc.constantFrom(...'abcxyz'.split('')), minLength: 1, maxLength: 8 }),
    maxRuns: 5,
    check: async (io, note) => {
      const request = `GET /index.html HTTP/1.1\r\nHost: ${hostOf(io.target)}\r\nX-Note: ${note}\rConnection: close\r\n\r\n`;
      await expectHiddenCloseIgnored(io, Buffer.from(request, 'latin1'));
    },
  }),
  rule({
    slug: 'malformed-request-400-and-close',
    level: 'SHOULD',
    title: 'Octets that are not an HTTP request are answered 400 and the connection closed',
    sends: 'a malformed request-line, a Host field and an empty line',
    input: malformedRequestLine(),
    maxRuns: 10,
    check: async (io, line) => {
      await expectRefusedAndClosed(io, Buffer.from(`${line}\r\nHost: ${hostOf(io.target)}\r\n\r\n`, 'latin1'), 'a malformed request-line');
    },
  }),
]);
