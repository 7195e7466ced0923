import path from 'node:path';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fieldSentRule } from './field-presence.ts';
import { expectedMediaTypes, siteFile } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { fieldValue } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '8.3', title: 'Content-Type' };

export default section(citation, [
  fieldSentRule({ slug: 'content-type-sent', level: 'SHOULD', title: 'A 200 response with content of a known type carries Content-Type', field: 'Content-Type' }),
  rule({
    slug: 'content-type-matches-file',
    level: 'SHOULD',
    concurrent: true,
    title: "Content-Type names the media type of the file's extension (text/html for .html, image/png for .png, …)",
    sends: 'GET of fixture files',
    input: siteFile,
    maxRuns: 10,
    check: async (io, file) => {
      const response = await exchange(io, { target: file.path });
      const type = fieldValue(response, 'content-type');
      if (type === undefined) return;
      const expected = expectedMediaTypes[path.extname(file.path)] ?? [];
      const essence = (type.split(';')[0] ?? '').trim().toLowerCase();
      expectThat(expected.includes(essence), `GET ${file.path} is labelled ${type}`, expected.join(' or '), type);
    },
  }),
]);
