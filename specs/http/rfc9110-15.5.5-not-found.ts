import fc from 'fast-check';
import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { exchange } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '15.5.5', title: '404 Not Found' };

export default section(citation, [
  rule({
    slug: 'missing-file-404',
    level: 'MAY',
    concurrent: true,
    title: 'A path the docroot does not hold is answered 404 (the fixture contract; the RFC sets no keyword)',
    sends: 'GET of random paths that are not in the docroot',
    input: fc.array(fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'.split('')), minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 3 }).map((parts) => `/missing-${parts.join('/')}.html`),
    maxRuns: 6,
    check: async (io, path) => {
      const response = await exchange(io, { target: path });
      expectEqual(`status of GET ${path}`, response.status, 404);
    },
  }),
]);
