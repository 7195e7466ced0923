import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { siteFile, visitsPath } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { fieldValue } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '6.2', title: 'Content-Length' };

export default section(citation, [
  rule({
    slug: 'no-content-length-with-transfer-encoding',
    level: 'MUST',
    title: 'A response never carries both Content-Length and Transfer-Encoding',
    sends: 'GET HTTP/1.1 of the visit counter and of fixture files',
    input: (setup) => fc.oneof(fc.constant(visitsPath), siteFile(setup).map((f) => f.path)),
    maxRuns: 8,
    check: async (io, path) => {
      const response = await exchange(io, { target: path });
      const both = fieldValue(response, 'transfer-encoding') !== undefined && fieldValue(response, 'content-length') !== undefined;
      expectThat(!both, `the response to GET ${path} has both Transfer-Encoding and Content-Length`, 'at most one of them', `Transfer-Encoding: ${fieldValue(response, 'transfer-encoding')}, Content-Length: ${fieldValue(response, 'content-length')}`);
    },
  }),
]);
