import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { notModifiedFor } from './checks.ts';
import { siteFile } from './fixture-site.ts';
import { fieldValue } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '15.4.5', title: '304 Not Modified' };

export default section(citation, [
  rule({
    slug: 'carries-etag-and-date',
    level: 'MUST',
    title: 'A 304 response carries the ETag and the Date a 200 response would have carried',
    sends: 'GET, then GET with If-None-Match: <its ETag>',
    input: siteFile,
    maxRuns: 5,
    check: async (io, file) => {
      const { etag, response } = await notModifiedFor(io, file.path);
      expectThat(fieldValue(response, 'etag') === etag, `the 304 for ${file.path} carries ETag ${fieldValue(response, 'etag')}`, etag, String(fieldValue(response, 'etag')));
      expectThat(fieldValue(response, 'date') !== undefined, `the 304 for ${file.path} has no Date`, 'a Date field', 'none');
    },
  }),
]);
