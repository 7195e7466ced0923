import fc from 'fast-check';
import { expectBytesEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { expectStatus } from './checks.ts';
import { siteFile } from './fixture-site.ts';
import { exchange, hostOf } from './requests.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '3.2.2', title: 'absolute-form' };

export default section(citation, [
  rule({
    slug: 'absolute-form-accepted',
    level: 'MUST',
    title: 'A request-target in absolute-form (http://host/path) is accepted and served like origin-form',
    sends: 'GET http://<target>/<file> HTTP/1.1 with a matching Host',
    input: siteFile,
    maxRuns: 6,
    check: async (io, file) => {
      const authority = hostOf(io.target);
      const response = await exchange(io, { target: `http://${authority}${file.path}` });
      expectStatus(`GET http://${authority}${file.path}`, response, [200]);
      expectBytesEqual(`body of ${file.path}`, response.body, file.bytes);
    },
  }),
  rule({
    slug: 'absolute-form-host-ignored',
    level: 'MUST',
    title: 'With an absolute-form target the Host field is ignored: a different Host value changes nothing',
    sends: 'GET http://<target>/<file> HTTP/1.1 with Host: <another name>',
    input: (setup) => fc.tuple(siteFile(setup), fc.constantFrom('www.example.org', 'elsewhere.example', 'example.com:8080')),
    maxRuns: 6,
    check: async (io, [file, otherHost]) => {
      const response = await exchange(io, { target: `http://${hostOf(io.target)}${file.path}`, host: otherHost });
      expectStatus(`GET absolute-form with Host: ${otherHost}`, response, [200]);
      expectBytesEqual(`body of ${file.path}`, response.body, file.bytes);
    },
  }),
]);
