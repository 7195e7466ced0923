import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectOneOf } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { unknownMethod } from './arbitraries.ts';
import { basePage, siteFile, siteFiles } from './fixture-site.ts';
import { exchange } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '9.1', title: 'Overview' };

export default section(citation, [
  rule({
    slug: 'get-serves-file',
    level: 'MUST',
    concurrent: true,
    title: 'GET is supported: every fixture file is served with status 200 and its exact bytes',
    sends: 'GET of every fixture file, in a random order, one connection each',
    input: (setup) => fc.shuffledSubarray(siteFiles(setup.options.fixturesDir), { minLength: siteFiles(setup.options.fixturesDir).length }),
    maxRuns: 2,
    check: async (io, files) => {
      for (const file of files) {
        const response = await exchange(io, { target: file.path });
        expectEqual(`status of GET ${file.path}`, response.status, 200);
        expectBytesEqual(`body of ${file.path}`, response.body, file.bytes);
      }
    },
  }),
  rule({
    slug: 'head-supported',
    level: 'MUST',
    concurrent: true,
    title: 'HEAD is supported: a fixture file answers HEAD with status 200',
    sends: 'HEAD of fixture files',
    input: siteFile,
    maxRuns: 6,
    check: async (io, file) => {
      const response = await exchange(io, { method: 'HEAD', target: file.path });
      expectEqual(`status of HEAD ${file.path}`, response.status, 200);
    },
  }),
  rule({
    slug: 'unknown-method-501',
    level: 'SHOULD',
    concurrent: true,
    title: 'A method the server does not recognise is answered 501 (Not Implemented)',
    sends: 'a request with an unregistered method of 4–12 uppercase letters',
    input: unknownMethod(4, 12),
    maxRuns: 6,
    check: async (io, method) => {
      const response = await exchange(io, { method, target: basePage });
      expectEqual(`status for method ${method}`, response.status, 501);
    },
  }),
  rule({
    slug: 'method-is-case-sensitive',
    level: 'SHOULD',
    concurrent: true,
    title: 'Methods are case-sensitive: "get" or "Get" is an unknown method (501, or 400/405), never served as GET',
    sends: 'GET of the base page with the method written in lower or mixed case',
    input: fc.constantFrom('get', 'Get', 'gET', 'head', 'Head'),
    maxRuns: 5,
    check: async (io, method) => {
      const response = await exchange(io, { method, target: basePage });
      expectOneOf(`status for method ${JSON.stringify(method)}`, response.status, [501, 400, 405]);
    },
  }),
]);
