import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectOneOf } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { siteFile } from './fixture-site.ts';
import { exchange } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '6.2', title: 'Control Data' };

export default section(citation, [
  rule({
    slug: 'higher-minor-version-served',
    level: 'SHOULD',
    title: 'A request in HTTP/1.x with a minor version above 1 is processed as HTTP/1.1',
    sends: 'GET of a fixture file as HTTP/1.2 … HTTP/1.9',
    input: (setup) => fc.tuple(siteFile(setup), fc.integer({ min: 2, max: 9 })),
    maxRuns: 5,
    check: async (io, [file, minor]) => {
      const response = await exchange(io, { target: file.path, version: `HTTP/1.${minor}` });
      expectEqual(`status of GET ${file.path} HTTP/1.${minor}`, response.status, 200);
      expectBytesEqual(`body of ${file.path}`, response.body, file.bytes);
    },
  }),
  rule({
    slug: 'no-unconformant-version',
    level: 'MUST',
    title: 'The response never claims a protocol version the server does not implement (only HTTP/1.0 or HTTP/1.1)',
    sends: 'GET as HTTP/1.0, HTTP/1.1 and HTTP/1.2 … HTTP/1.9',
    input: (setup) => fc.tuple(siteFile(setup), fc.integer({ min: 0, max: 9 })),
    maxRuns: 6,
    check: async (io, [file, minor]) => {
      const response = await exchange(io, { target: file.path, version: `HTTP/1.${minor}` });
      expectOneOf(`version in the status-line answering HTTP/1.${minor}`, response.version, ['HTTP/1.0', 'HTTP/1.1']);
    },
  }),
  rule({
    slug: 'answers-in-highest-version',
    level: 'SHOULD',
    title: 'An HTTP/1.1 server answers HTTP/1.0 requests with HTTP/1.1 in its status-line',
    sends: 'GET HTTP/1.0 of a fixture file',
    input: siteFile,
    maxRuns: 3,
    check: async (io, file) => {
      const response = await exchange(io, { target: file.path, version: 'HTTP/1.0' });
      expectEqual('version in the status-line answering HTTP/1.0', response.version, 'HTTP/1.1');
    },
  }),
]);
