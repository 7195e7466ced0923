import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { expectClosedAfter } from './checks.ts';
import { basePage, siteFile } from './fixture-site.ts';
import { buildRequest, exchangeRaw, hostOf } from './requests.ts';
import { announcesClose } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '9.6', title: 'Tear-down' };

/** Requests a server answers with a close option: HTTP/1.0 without keep-alive, or an explicit close. */
const closingRequest = (setup: Parameters<typeof siteFile>[0]): fc.Arbitrary<{ path: string; version: string; close: boolean }> =>
  fc.record({ path: siteFile(setup).map((f) => f.path), version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0'), close: fc.boolean() })
    .filter((r) => r.close || r.version === 'HTTP/1.0');

export default section(citation, [
  rule({
    slug: 'closes-after-close-request',
    level: 'MUST',
    title: 'After answering a request that carried Connection: close, the server closes the connection',
    sends: 'GET of a fixture file with Connection: close',
    input: siteFile,
    maxRuns: 4,
    check: async (io, file) => {
      const { response, connection } = await exchangeRaw(io, buildRequest(io.target, { target: file.path, fields: [['Connection', 'close']] }));
      await expectClosedAfter(io, connection, `the ${response.status} response to a request with Connection: close`);
    },
  }),
  rule({
    slug: 'close-option-in-final-response',
    level: 'SHOULD',
    title: 'The response to a request with Connection: close carries the close option too',
    sends: 'GET of a fixture file with Connection: close',
    input: siteFile,
    maxRuns: 3,
    check: async (io, file) => {
      const { response } = await exchangeRaw(io, buildRequest(io.target, { target: file.path, fields: [['Connection', 'close']] }));
      expectThat(announcesClose(response), 'the response to a closing request has no Connection: close', 'Connection: close', response.fields.find((f) => f.name.toLowerCase() === 'connection')?.value ?? '(no Connection field)');
    },
  }),
  rule({
    slug: 'no-requests-after-close',
    level: 'MUST',
    title: 'Requests pipelined after one carrying Connection: close are not processed',
    sends: 'GET with Connection: close and, in the same write, a PUT into the upload area',
    input: fc.constantFrom('a', 'b', 'c'),
    maxRuns: 3,
    check: async (io, tag) => {
      const after = buildRequest(io.target, { method: 'GET', target: `${basePage}?after-close-${tag}` });
      const first = `GET ${basePage} HTTP/1.1\r\nHost: ${hostOf(io.target)}\r\nConnection: close\r\n\r\n`;
      const { response, connection } = await exchangeRaw(io, Buffer.concat([Buffer.from(first, 'latin1'), after]));
      await expectClosedAfter(io, connection, `the ${response.status} response to the request with Connection: close`);
    },
  }),
  rule({
    slug: 'closes-after-announcing-close',
    level: 'MUST',
    title: 'A server that sends the close option closes the connection after that response',
    sends: 'HTTP/1.0 requests and requests with Connection: close; whenever the answer says close, waits for the close',
    input: closingRequest,
    maxRuns: 6,
    check: async (io, { path, version, close }) => {
      const request = buildRequest(io.target, { target: path, version, fields: close ? [['Connection', 'close']] : [] });
      const { response, connection } = await exchangeRaw(io, request);
      if (!announcesClose(response)) return;
      await expectClosedAfter(io, connection, 'a response that announced Connection: close');
    },
  }),
]);
