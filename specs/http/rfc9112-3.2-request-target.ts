import fc from 'fast-check';
import { expectEqual, expectOneOf } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { token } from './arbitraries.ts';
import { basePage } from './fixture-site.ts';
import { invalidHostValue } from './invalid-requests.ts';
import { exchange, hostOf } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '3.2', title: 'Request Target' };

export default section(citation, [
  rule({
    slug: 'missing-host-400',
    level: 'MUST',
    title: 'An HTTP/1.1 request without a Host field is answered 400',
    sends: 'GET /index.html HTTP/1.1 with no Host (sometimes another field instead)',
    input: fc.option(fc.constantFrom<[string, string]>(['Accept', '*/*'], ['User-Agent', 'rfcheck'], ['X-Host', 'example']), { nil: undefined }),
    maxRuns: 4,
    check: async (io, extra) => {
      const response = await exchange(io, { target: basePage, host: null, fields: extra ? [extra] : [] });
      expectEqual('status of an HTTP/1.1 request without Host', response.status, 400);
    },
  }),
  rule({
    slug: 'repeated-host-400',
    level: 'MUST',
    title: 'A request with more than one Host field line is answered 400, whether the values agree or not',
    sends: 'GET with two Host lines, equal or different',
    input: fc.record({ same: fc.boolean(), other: token(1, 10).map((t) => `${t.replace(/[^A-Za-z0-9]/g, 'a')}.example`), version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0') }),
    maxRuns: 6,
    check: async (io, { same, other, version }) => {
      const host = hostOf(io.target);
      const response = await exchange(io, { target: basePage, version, fields: [['Host', same ? host : other]] });
      expectEqual(`status of an ${version} request with two Host lines`, response.status, 400);
    },
  }),
  rule({
    slug: 'invalid-host-400',
    level: 'MUST',
    title: 'A Host field whose value is not a host [":" port] is answered 400',
    sends: 'GET with Host holding "/", "\\", "@", a space, a quote or a brace',
    input: invalidHostValue(),
    maxRuns: 8,
    check: async (io, host) => {
      const response = await exchange(io, { target: basePage, host });
      expectEqual(`status with Host ${JSON.stringify(host)}`, response.status, 400);
    },
  }),
  rule({
    slug: 'whitespace-in-target-400-or-301',
    level: 'SHOULD',
    title: 'A request-line whose target holds whitespace is answered 400 or redirected (301), not served',
    sends: 'GET /index.html<SP>word HTTP/1.1',
    input: token(1, 8),
    maxRuns: 5,
    check: async (io, word) => {
      const response = await exchange(io, { target: `${basePage} ${word}` });
      expectOneOf('status for a target with whitespace', response.status, [400, 301]);
    },
  }),
]);
