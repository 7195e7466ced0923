import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { formatAsctime, formatRfc850, isImfFixdate } from './http-date.ts';
import { redirectDirectory, siteFile } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { fieldValues } from './response-reader.ts';
import { lastModifiedOf } from './validators.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '5.6.7', title: 'Date/Time Formats' };

const dateFields = ['date', 'last-modified', 'expires'];

export default section(citation, [
  rule({
    slug: 'dates-sent-as-imf-fixdate',
    level: 'MUST',
    title: 'Every HTTP-date the server sends (Date, Last-Modified, Expires) is an IMF-fixdate with the right weekday',
    sends: 'GET of fixture files, the redirect directory and a missing file',
    input: (setup) => fc.oneof(siteFile(setup).map((f) => f.path), fc.constantFrom(redirectDirectory, '/no-such-file')),
    maxRuns: 8,
    check: async (io, path) => {
      const response = await exchange(io, { target: path });
      for (const name of dateFields) {
        for (const value of fieldValues(response, name)) expectThat(isImfFixdate(value), `${name} is not an IMF-fixdate: ${JSON.stringify(value)}`, 'e.g. "Sun, 06 Nov 1994 08:49:37 GMT"', JSON.stringify(value));
      }
    },
  }),
  rule({
    slug: 'obsolete-date-formats-accepted',
    level: 'MUST',
    title: 'A timestamp in RFC 850 or asctime form is understood: If-Modified-Since equal to Last-Modified gives 304',
    sends: 'GET with If-Modified-Since set to the file\'s Last-Modified, written in RFC 850 or asctime form',
    input: (setup) => fc.tuple(siteFile(setup), fc.constantFrom('rfc850', 'asctime')),
    maxRuns: 6,
    check: async (io, [file, form]) => {
      const { date } = await lastModifiedOf(io, file.path);
      const since = form === 'rfc850' ? formatRfc850(date) : formatAsctime(date);
      const response = await exchange(io, { target: file.path, fields: [['If-Modified-Since', since]] });
      expectEqual(`status with If-Modified-Since: ${since}`, response.status, 304);
    },
  }),
]);
