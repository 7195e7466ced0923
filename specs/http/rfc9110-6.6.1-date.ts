import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { parseHttpDate } from './http-date.ts';
import { basePage, redirectDirectory, siteFile } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { fieldValue } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '6.6.1', title: 'Date' };

/** Requests answered 2xx, 3xx and 4xx by a server that follows the fixture contract. */
const assortedRequests = (setup: Parameters<typeof siteFile>[0]) =>
  fc.oneof(
    siteFile(setup).map((f) => ({ method: 'GET', target: f.path })),
    fc.constantFrom({ method: 'GET', target: redirectDirectory }, { method: 'GET', target: '/no-such-file' }, { method: 'DELETE', target: basePage }, { method: 'HEAD', target: basePage }),
  );

/** How far the target's clock may be from ours. */
const clockSlackMs = 60_000;

export default section(citation, [
  rule({
    slug: 'date-in-responses',
    level: 'MUST',
    title: 'Every 2xx, 3xx and 4xx response carries a Date field',
    sends: 'GET and HEAD of a fixture file, GET of the redirect directory and of a missing file, DELETE of a fixture file',
    input: siteFile,
    maxRuns: 3,
    check: async (io, file) => {
      const requests = [
        { method: 'GET', target: file.path },
        { method: 'HEAD', target: file.path },
        { method: 'GET', target: redirectDirectory },
        { method: 'GET', target: `/no-such-file${file.path}` },
        { method: 'DELETE', target: file.path },
      ];
      for (const request of requests) {
        const response = await exchange(io, request);
        if (response.status >= 500) continue;
        expectThat(fieldValue(response, 'date') !== undefined, `the ${response.status} response to ${request.method} ${request.target} has no Date`, 'a Date field', 'none');
      }
    },
  }),
  rule({
    slug: 'date-is-current',
    level: 'MUST',
    title: 'The Date a server sends is the current time (it has a clock; within a minute of ours)',
    sends: 'GET of fixture files and a missing file',
    input: assortedRequests,
    maxRuns: 5,
    check: async (io, request) => {
      const response = await exchange(io, request);
      const text = fieldValue(response, 'date');
      if (text === undefined) return;
      const date = parseHttpDate(text);
      const drift = date ? Math.abs(date.getTime() - Date.now()) : Number.POSITIVE_INFINITY;
      expectThat(drift <= clockSlackMs, `Date ${JSON.stringify(text)} is not the current time`, `within ${clockSlackMs / 1000} s of ${new Date().toUTCString()}`, text);
    },
  }),
]);
