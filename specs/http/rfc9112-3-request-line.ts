import fc from 'fast-check';
import { expectBytesEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { unknownMethod } from './arbitraries.ts';
import { expectStatus } from './checks.ts';
import { basePage, siteFileAt } from './fixture-site.ts';
import { exchange } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '3', title: 'Request Line' };

/** A query of `length` letters: it makes a request-line long without naming another resource. */
const padding = (length: number, seed: number): string => Array.from({ length }, (_, i) => String.fromCharCode(97 + ((i * 7 + seed) % 26))).join('');

export default section(citation, [
  rule({
    slug: 'long-target-414',
    level: 'MUST',
    title: 'A request-target longer than the server will parse is answered 414 (URI Too Long)',
    sends: 'GET /index.html?<64–128 KiB of letters>',
    input: fc.integer({ min: 64 * 1024, max: 128 * 1024 }),
    maxRuns: 3,
    check: async (io, length) => {
      const response = await exchange(io, { target: `${basePage}?${padding(length, length)}` });
      // A server that does parse a target this long may answer it like any other.
      if (response.status === 200 || response.status === 404) return;
      expectStatus(`a ${length}-octet request-target`, response, [414]);
    },
  }),
  rule({
    slug: 'request-line-8000-octets',
    level: 'SHOULD',
    title: 'A request-line of 8000 octets is parsed (RFC 9112 §3 recommends supporting at least that)',
    sends: 'GET /index.html?<letters> with a request-line of 7000–8000 octets',
    input: fc.integer({ min: 7000, max: 8000 }),
    maxRuns: 3,
    check: async (io, lineLength) => {
      const overhead = `GET ${basePage}? HTTP/1.1`.length;
      const response = await exchange(io, { target: `${basePage}?${padding(lineLength - overhead, lineLength)}` });
      expectStatus(`a ${lineLength}-octet request-line`, response, [200]);
      expectBytesEqual(`body of ${basePage}`, response.body, siteFileAt(io, basePage).bytes);
    },
  }),
  rule({
    slug: 'long-method-501',
    level: 'SHOULD',
    title: 'A method longer than any the server implements is answered 501 (Not Implemented)',
    sends: 'a request whose method is 30–60 unknown uppercase letters',
    input: unknownMethod(30, 60),
    maxRuns: 5,
    check: async (io, method) => {
      const response = await exchange(io, { method, target: basePage });
      expectThat(response.status === 501, `a ${method.length}-letter unknown method got ${response.status}`, '501', String(response.status));
    },
  }),
]);
