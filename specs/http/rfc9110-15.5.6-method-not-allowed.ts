import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { siteFile } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { fieldValue } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '15.5.6', title: '405 Method Not Allowed' };

export default section(citation, [
  rule({
    slug: 'allow-in-405',
    level: 'MUST',
    title: 'A 405 response carries Allow, listing the methods the resource does support',
    sends: 'DELETE, POST or PATCH of a fixture file; checked when the answer is 405',
    input: (setup) => fc.tuple(siteFile(setup), fc.constantFrom('DELETE', 'POST', 'PATCH')),
    maxRuns: 5,
    check: async (io, [file, method]) => {
      const response = await exchange(io, { method, target: file.path, body: method === 'DELETE' ? undefined : 'x' });
      if (response.status !== 405) io.notApplicable(`${method} ${file.path} was answered ${response.status}, not 405`);
      expectThat(fieldValue(response, 'allow') !== undefined, `the 405 response to ${method} ${file.path} has no Allow`, 'Allow: GET, HEAD, …', 'none');
    },
  }),
]);
