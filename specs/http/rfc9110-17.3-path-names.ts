import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { exchange } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '17.3', title: 'Attacks Based on File and Path Names' };

/** Files every Linux host has outside any docroot, with a line that proves it was read. */
const outsideFiles = [
  { path: 'etc/passwd', marker: /root:.*:0:0:/ },
  { path: 'etc/hostname', marker: /^[A-Za-z0-9.-]+\s*$/ },
  { path: 'proc/self/status', marker: /^Name:\s/m },
];

/** Ways to climb out of a folder: plain, percent-encoded, mixed-case, with a docroot folder first. */
const climbs = ['..', '%2e%2e', '%2E%2E', '.%2e', '%2e.'];

export default section(citation, [
  rule({
    slug: 'no-file-outside-docroot',
    level: 'MAY',
    concurrent: true,
    title: 'No request-target reaches a file outside the docroot (../, percent-encoded dot-segments); §17.3 sets no keyword',
    sends: 'GET of /../../etc/passwd and similar, dot-segments plain or encoded',
    input: fc.tuple(fc.constantFrom(...outsideFiles), fc.constantFrom(...climbs), fc.integer({ min: 1, max: 8 }), fc.constantFrom('', '/docs', '/images')),
    maxRuns: 10,
    check: async (io, [file, climb, depth, start]) => {
      const target = `${start}/${Array.from({ length: depth }, () => climb).join('/')}/${file.path}`;
      const response = await exchange(io, { target });
      const leaked = response.status === 200 && file.marker.test(response.body.toString('latin1'));
      expectThat(!leaked, `GET ${target} returned /${file.path} from outside the docroot`, '4xx (400, 403 or 404)', `${response.status} with the file's content`);
    },
  }),
]);
