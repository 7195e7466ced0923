import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { basePage } from './fixture-site.ts';
import { exchange } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '15.6.6', title: '505 HTTP Version Not Supported' };

export default section(citation, [
  rule({
    slug: 'major-version-505',
    level: 'SHOULD',
    title: 'A request in an unsupported major version (HTTP/2.0 … HTTP/9.x in text form) is answered 505 with a body saying why',
    sends: 'GET /index.html HTTP/<2–9>.<0–9>',
    input: fc.tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 9 })),
    maxRuns: 5,
    check: async (io, [major, minor]) => {
      const response = await exchange(io, { target: basePage, version: `HTTP/${major}.${minor}` });
      expectEqual(`status for HTTP/${major}.${minor}`, response.status, 505);
      expectThat(response.body.length > 0, 'the 505 response has no representation explaining it', 'a body', 'empty');
    },
  }),
]);
