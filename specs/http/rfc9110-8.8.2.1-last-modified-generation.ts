import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fieldSentRule } from './field-presence.ts';
import { parseHttpDate } from './http-date.ts';
import { siteFile } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { fieldValue } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '8.8.2.1', title: 'Generation' };

export default section(citation, [
  fieldSentRule({ slug: 'last-modified-sent', level: 'SHOULD', title: 'A static file is served with Last-Modified', field: 'Last-Modified' }),
  rule({
    slug: 'last-modified-not-after-date',
    level: 'MUST',
    title: 'Last-Modified is never later than the Date of the same response',
    sends: 'GET of fixture files',
    input: siteFile,
    maxRuns: 6,
    check: async (io, file) => {
      const response = await exchange(io, { target: file.path });
      const modified = parseHttpDate(fieldValue(response, 'last-modified') ?? '');
      const date = parseHttpDate(fieldValue(response, 'date') ?? '');
      if (!modified || !date) return;
      expectThat(modified.getTime() <= date.getTime(), `Last-Modified ${fieldValue(response, 'last-modified')} is after Date ${fieldValue(response, 'date')}`, 'Last-Modified <= Date', String(fieldValue(response, 'last-modified')));
    },
  }),
]);
