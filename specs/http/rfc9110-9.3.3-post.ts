import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { bodyBytes } from './arbitraries.ts';
import { uploadArea } from './fixture-site.ts';
import { exchange, hostOf } from './requests.ts';
import { fieldValue } from './response-reader.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '9.3.3', title: 'POST' };

export default section(citation, [
  rule({
    slug: 'created-201-with-location',
    level: 'SHOULD',
    title: 'A POST that creates a resource is answered 201 with a Location that then serves what was posted',
    sends: 'POST /uploads/ with a body, then GET the Location',
    input: fc.tuple(bodyBytes(300), fc.constantFrom('application/octet-stream', 'text/plain')),
    maxRuns: 5,
    check: async (io, [body, type]) => {
      const response = await exchange(io, { method: 'POST', target: uploadArea, body, fields: [['Content-Type', type]] });
      if ([403, 404, 405, 501].includes(response.status)) io.notApplicable(`the target does not accept POST ${uploadArea} (${response.status})`);
      expectEqual(`status of POST ${uploadArea}`, response.status, 201);
      const location = fieldValue(response, 'location');
      expectThat(location !== undefined, 'a 201 response to POST has no Location', 'Location: <the new resource>', 'none');
      const url = new URL(location, `http://${hostOf(io.target)}${uploadArea}`);
      const created = await exchange(io, { target: `${url.pathname}${url.search}` });
      expectBytesEqual(`GET ${url.pathname} (the Location)`, created.body, body);
    },
  }),
]);
