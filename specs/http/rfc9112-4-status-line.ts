import fc from 'fast-check';
import { expectEqual, expectMatch } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { basePage, redirectDirectory } from './fixture-site.ts';
import { exchange } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '4', title: 'Status Line' };

export default section(citation, [
  rule({
    slug: 'status-line-syntax',
    level: 'MUST',
    concurrent: true,
    title: 'The status-line is HTTP-version SP 3-digit code SP reason, ended by CRLF; the SP after the code is sent even with no reason',
    sends: 'requests answered 200, 301, 404 and 501',
    input: fc.constantFrom(
      { method: 'GET', target: basePage },
      { method: 'GET', target: redirectDirectory },
      { method: 'GET', target: '/no-such-file.html' },
      { method: 'BREW', target: basePage },
    ),
    maxRuns: 8,
    check: async (io, request) => {
      const response = await exchange(io, request);
      expectMatch('status-line', response.statusLine, /^HTTP\/1\.[01] [1-5]\d\d [\t \x21-\x7e\x80-\xff]*$/);
      expectEqual('status-line ending', response.statusLineEnding, 'CRLF');
    },
  }),
]);
