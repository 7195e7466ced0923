import fc from 'fast-check';
import { expectBytesEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { bodyBytes, chunkExtension, chunkSizes, encodeChunked, uploadName } from './arbitraries.ts';
import { isSuccess } from './checks.ts';
import { exchange } from './requests.ts';
import { freshUploadPath, getFresh, requirePutSupport } from './uploads.ts';

const citation = { suite: 'http', rfc: 'RFC 9112', section: '7.1.1', title: 'Chunk Extensions' };

export default section(citation, [
  rule({
    slug: 'unknown-extensions-ignored',
    level: 'MUST',
    title: 'Unrecognized chunk extensions (;name, ;name=token, ;name="quoted") are ignored and the body decoded',
    sends: 'PUT with chunk extensions on every chunk-size line, then GET it',
    input: fc.tuple(uploadName(), bodyBytes(500, 16), chunkExtension()).chain(([name, body, extension]) => fc.tuple(fc.constant(name), fc.constant(body), chunkSizes(body.length), fc.constant(extension))),
    maxRuns: 6,
    check: async (io, [name, body, sizes, extension]) => {
      const path = freshUploadPath(name);
      const put = await exchange(io, { method: 'PUT', target: path, fields: [['Transfer-Encoding', 'chunked']], body: encodeChunked(body, { sizes, extension }) });
      requirePutSupport(io, put, path);
      expectThat(isSuccess(put.status), `a chunked PUT with extensions ${JSON.stringify(extension)} got ${put.status}`, '2xx', String(put.status));
      expectBytesEqual(`GET ${path} after the chunked PUT`, (await getFresh(io, path)).body, body);
    },
  }),
]);
