import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { redirectDirectory } from './fixture-site.ts';
import { exchange, hostOf } from './requests.ts';
import { fieldValue } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '15.4.2', title: '301 Moved Permanently' };

export default section(citation, [
  rule({
    slug: 'directory-redirect-has-location',
    level: 'SHOULD',
    concurrent: true,
    title: 'A directory asked for without its trailing slash is answered 301 with a Location naming the directory with the slash',
    sends: 'GET /docs (a fixture directory) with or without a query',
    input: fc.constantFrom('', '?a=1', '?page=2'),
    maxRuns: 3,
    check: async (io, query) => {
      const response = await exchange(io, { target: `${redirectDirectory}${query}` });
      expectEqual(`status of GET ${redirectDirectory}${query}`, response.status, 301);
      const location = fieldValue(response, 'location');
      expectThat(location !== undefined, 'a 301 response has no Location', `Location: ${redirectDirectory}/`, 'none');
      const url = new URL(location, `http://${hostOf(io.target)}${redirectDirectory}`);
      expectEqual('path the Location names', url.pathname, `${redirectDirectory}/`);
    },
  }),
]);
