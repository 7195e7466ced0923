import { expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { basePage, siteFile, siteFileAt } from './fixture-site.ts';
import { buildRequest, exchange } from './requests.ts';
import { withProbe } from './checks.ts';
import { expectBytesEqual } from '../../harness/core/expect.ts';
import { fieldValue } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '9.3.2', title: 'HEAD' };

/** Fields HEAD must repeat from GET; Date and the like may differ. */
const representationFields = ['content-type', 'etag', 'last-modified'];

export default section(citation, [
  rule({
    slug: 'head-has-no-content',
    level: 'MUST',
    concurrent: true,
    title: 'A HEAD response has no content: the next bytes on the connection are the next response',
    sends: 'HEAD of a fixture file and, in the same write, GET of the base page',
    input: siteFile,
    maxRuns: 6,
    check: async (io, file) => {
      const { responses } = await withProbe(io, buildRequest(io.target, { method: 'HEAD', target: file.path }), { head: true });
      const probe = responses[1];
      if (!probe) return;
      expectEqual(`status of the GET ${basePage} pipelined after HEAD`, probe.status, 200);
      expectBytesEqual(`body of the GET ${basePage} pipelined after HEAD`, probe.body, siteFileAt(io, basePage).bytes);
    },
  }),
  rule({
    slug: 'head-same-fields-as-get',
    level: 'SHOULD',
    concurrent: true,
    title: 'HEAD sends the same Content-Type, ETag and Last-Modified as GET',
    sends: 'GET then HEAD of a fixture file',
    input: siteFile,
    maxRuns: 6,
    check: async (io, file) => {
      const get = await exchange(io, { target: file.path });
      const head = await exchange(io, { method: 'HEAD', target: file.path });
      for (const name of representationFields) expectEqual(`${name} of HEAD ${file.path} (GET had ${JSON.stringify(fieldValue(get, name))})`, fieldValue(head, name), fieldValue(get, name));
    },
  }),
]);
