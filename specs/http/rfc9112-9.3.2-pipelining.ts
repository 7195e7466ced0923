import fc from 'fast-check';
import { expectBytesEqual, expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { type SiteFile, basePage, siteFile, siteFiles } from './fixture-site.ts';
import { buildRequest } from './requests.ts';
import { endsConnection, readResponse } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '9.3.2', title: 'Pipelining' };

export default section(citation, [
  rule({
    slug: 'responses-in-request-order',
    level: 'MUST',
    title: 'Pipelined requests are answered in the order they were sent',
    sends: 'GET of the base page, then 1–7 GET and HEAD requests of fixture files, in one write',
    input: (setup) =>
      fc.array(fc.tuple(siteFile(setup), fc.constantFrom<'GET' | 'HEAD'>('GET', 'GET', 'HEAD')), { minLength: 1, maxLength: 7 })
        .map((rest): [SiteFile, 'GET' | 'HEAD'][] => [[siteFiles(setup.options.fixturesDir).find((f) => f.path === basePage) as SiteFile, 'GET'], ...rest]),
    maxRuns: 12,
    check: async (io, requests) => {
      const connection = await io.tcp();
      io.step(`send in one write: ${requests.map(([f, m]) => `${m} ${f.path}`).join(', ')}`);
      await connection.write(Buffer.concat(requests.map(([file, method]) => buildRequest(io.target, { method, target: file.path }))));
      for (const [index, [file, method]] of requests.entries()) {
        const response = await readResponse(connection, { head: method === 'HEAD', what: `response ${index + 1} (${method} ${file.path})` });
        expectEqual(`status of response ${index + 1} (${method} ${file.path})`, response.status, 200);
        if (method === 'GET') expectBytesEqual(`body of response ${index + 1} (${file.path})`, response.body, file.bytes);
        // A server may end the connection after any response, saying so; the rest is unanswered.
        if (endsConnection(response)) {
          if (index === 0) io.notApplicable('the server ends the connection after the first response (it does not keep connections open)');
          return;
        }
      }
    },
  }),
]);
