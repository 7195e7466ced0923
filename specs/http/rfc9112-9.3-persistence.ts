import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { expectClosedAfter } from './checks.ts';
import { siteFile } from './fixture-site.ts';
import { FileRequestCommand, KeepAliveConnection, type KeepAliveModel } from './keep-alive-model.ts';
import { buildRequest, exchangeRaw, requestOn } from './requests.ts';
import { fieldValue } from './response-reader.ts';
import { listElements } from './grammar.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '9.3', title: 'Persistence' };

export default section(citation, [
  rule({
    slug: 'http11-persists-by-default',
    level: 'MUST',
    title: 'An HTTP/1.1 connection stays open after each response unless the server announces close',
    sends: 'a sequence of GET and HEAD requests of fixture files on one connection',
    input: (setup) =>
      fc.commands(
        (['GET', 'HEAD'] as const).map((method) => siteFile(setup).map((f): fc.AsyncCommand<KeepAliveModel, KeepAliveConnection> => new FileRequestCommand(f, method))),
        { maxCommands: 8 },
      ),
    maxRuns: 10,
    check: async (io, commands) => {
      await fc.asyncModelRun(() => ({ model: { requests: 0 } satisfies KeepAliveModel, real: new KeepAliveConnection(io) }), commands);
    },
  }),
  rule({
    slug: 'http10-closes-by-default',
    level: 'MUST',
    title: 'After answering an HTTP/1.0 request without keep-alive, the server closes the connection',
    sends: 'GET HTTP/1.0 of a fixture file, no Connection field',
    input: siteFile,
    maxRuns: 4,
    check: async (io, file) => {
      const { response, connection } = await exchangeRaw(io, buildRequest(io.target, { target: file.path, version: 'HTTP/1.0' }));
      expectEqual(`status of GET ${file.path} HTTP/1.0`, response.status, 200);
      await expectClosedAfter(io, connection, 'the response to an HTTP/1.0 request');
    },
  }),
  rule({
    slug: 'http10-keep-alive-honoured',
    level: 'MUST',
    title: 'An HTTP/1.0 client that asked for keep-alive and got it back can send its next request on the same connection',
    sends: 'GET HTTP/1.0 with Connection: keep-alive; if the answer says keep-alive, a second GET on the connection',
    input: fc.constantFrom('/index.html', '/about.txt', '/data.json'),
    maxRuns: 3,
    check: async (io, path) => {
      const { response, connection } = await exchangeRaw(io, buildRequest(io.target, { target: path, version: 'HTTP/1.0', fields: [['Connection', 'keep-alive']] }));
      const kept = listElements(fieldValue(response, 'connection') ?? '').some((o) => o.toLowerCase() === 'keep-alive');
      if (!kept) {
        await expectClosedAfter(io, connection, 'an HTTP/1.0 response without keep-alive');
        return;
      }
      const second = await requestOn(io, connection, { target: path, version: 'HTTP/1.0', fields: [['Connection', 'keep-alive']] });
      expectThat(second.status === 200, `the second request on the kept-alive connection got ${second.status}`, '200', String(second.status));
    },
  }),
]);
