import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { isEntityTag } from './grammar.ts';
import { siteFile } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { fieldValue } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '8.8.3', title: 'ETag' };

export default section(citation, [
  rule({
    slug: 'etag-syntax',
    level: 'MUST',
    concurrent: true,
    title: 'An ETag value is an entity-tag: optional W/ and a double-quoted opaque string',
    sends: 'GET of fixture files',
    input: siteFile,
    maxRuns: 6,
    check: async (io, file) => {
      const etag = fieldValue(await exchange(io, { target: file.path }), 'etag');
      if (etag === undefined) return;
      expectThat(isEntityTag(etag), `ETag ${JSON.stringify(etag)} is not an entity-tag`, '"opaque" or W/"opaque"', etag);
    },
  }),
]);
