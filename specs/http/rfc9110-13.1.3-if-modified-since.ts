import fc from 'fast-check';
import { expectBytesEqual, expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { formatImfFixdate } from './http-date.ts';
import { siteFile } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { lastModifiedOf } from './validators.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '13.1.3', title: 'If-Modified-Since' };

const hour = 3_600_000;

export default section(citation, [
  rule({
    slug: 'not-modified-since-304',
    level: 'SHOULD',
    title: 'GET with If-Modified-Since at or after Last-Modified is answered 304',
    sends: 'GET with If-Modified-Since = Last-Modified, or 1–48 h later (not in the future)',
    input: (setup) => fc.tuple(siteFile(setup), fc.integer({ min: 0, max: 48 })),
    maxRuns: 6,
    check: async (io, [file, hoursLater]) => {
      const { date } = await lastModifiedOf(io, file.path);
      // Later than Last-Modified but never in the future (a future date makes the field invalid).
      const since = formatImfFixdate(new Date(Math.max(date.getTime(), Math.min(date.getTime() + hoursLater * hour, Date.now() - 1000))));
      const response = await exchange(io, { target: file.path, fields: [['If-Modified-Since', since]] });
      expectEqual(`status with If-Modified-Since: ${since}`, response.status, 304);
    },
  }),
  rule({
    slug: 'modified-since-200',
    level: 'SHOULD',
    title: 'GET with If-Modified-Since before Last-Modified is served in full (200)',
    sends: 'GET with If-Modified-Since 1 s – 10 years before Last-Modified',
    input: (setup) => fc.tuple(siteFile(setup), fc.integer({ min: 1, max: 315_360_000 })),
    maxRuns: 6,
    check: async (io, [file, secondsBefore]) => {
      const { date } = await lastModifiedOf(io, file.path);
      const since = formatImfFixdate(new Date(date.getTime() - secondsBefore * 1000));
      const response = await exchange(io, { target: file.path, fields: [['If-Modified-Since', since]] });
      expectEqual(`status with If-Modified-Since: ${since}`, response.status, 200);
      expectBytesEqual(`body of ${file.path}`, response.body, file.bytes);
    },
  }),
  rule({
    slug: 'ignored-when-if-none-match-present',
    level: 'MUST',
    title: 'If-Modified-Since is ignored when If-None-Match is present: a non-matching tag gives 200 however recent the date',
    sends: 'GET with If-None-Match: "<other>" and If-Modified-Since = Last-Modified',
    input: siteFile,
    maxRuns: 5,
    check: async (io, file) => {
      const { text } = await lastModifiedOf(io, file.path);
      const response = await exchange(io, { target: file.path, fields: [['If-None-Match', '"rfcheck-no-such-tag"'], ['If-Modified-Since', text]] });
      expectEqual('status with a non-matching If-None-Match and a matching If-Modified-Since', response.status, 200);
    },
  }),
  rule({
    slug: 'invalid-date-ignored',
    level: 'MUST',
    title: 'An If-Modified-Since that is not an HTTP-date is ignored: the file is served in full',
    sends: 'GET with If-Modified-Since in ISO 8601, bare year or another non-HTTP form, dated in the future',
    input: (setup) => fc.tuple(siteFile(setup), fc.constantFrom('2099-01-01T00:00:00Z', 'Jan 1 2099', '2099', 'Thu, 01 Jan 2099 00:00:00 UTC', 'Thursday 01-Jan-2099')),
    maxRuns: 6,
    check: async (io, [file, value]) => {
      const response = await exchange(io, { target: file.path, fields: [['If-Modified-Since', value]] });
      expectEqual(`status with If-Modified-Since: ${value}`, response.status, 200);
    },
  }),
]);
