import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectOneOf, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { bodyBytes, uploadName } from './arbitraries.ts';
import { exchange } from './requests.ts';
import { fieldValue } from './response-reader.ts';
import { putGetCommands, runUploadCommands } from './upload-model.ts';
import { getFresh, putFresh } from './uploads.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '9.3.4', title: 'PUT' };

export default section(citation, [
  rule({
    slug: 'put-new-201',
    level: 'MUST',
    title: 'A PUT that creates a resource is answered 201 (Created)',
    sends: 'PUT /uploads/<new name> with a body',
    input: fc.tuple(uploadName(), bodyBytes(500)),
    maxRuns: 5,
    check: async (io, [name, body]) => {
      const { path, response } = await putFresh(io, name, body);
      expectEqual(`status of PUT ${path} (a new file)`, response.status, 201);
    },
  }),
  rule({
    slug: 'put-replace-200-or-204',
    level: 'MUST',
    title: 'A PUT that replaces an existing resource is answered 200 or 204',
    sends: 'PUT /uploads/<new name> twice',
    input: fc.tuple(uploadName(), bodyBytes(200), bodyBytes(200)),
    maxRuns: 5,
    check: async (io, [name, first, second]) => {
      const { path } = await putFresh(io, name, first);
      const again = await exchange(io, { method: 'PUT', target: path, body: second });
      expectOneOf(`status of PUT ${path} (replacing)`, again.status, [200, 204]);
    },
  }),
  rule({
    slug: 'get-returns-what-put-stored',
    level: 'MUST',
    title: 'After a successful PUT, GET returns exactly the bytes last PUT (replacement, not append or merge)',
    sends: 'a sequence of PUTs and GETs on three names in the upload area',
    input: putGetCommands(),
    maxRuns: 10,
    check: async (io, commands) => {
      await runUploadCommands(io, commands, { conditional: false });
    },
  }),
  rule({
    slug: 'put-validator-matches-stored',
    level: 'MUST',
    title: 'A validator sent in a PUT response describes the stored bytes: GET then returns that ETag with those bytes',
    sends: 'PUT /uploads/<new> and GET it',
    input: fc.tuple(uploadName(), bodyBytes(300)),
    maxRuns: 5,
    check: async (io, [name, body]) => {
      const { path, response } = await putFresh(io, name, body);
      const putTag = fieldValue(response, 'etag');
      if (putTag === undefined) return;
      const get = await getFresh(io, path);
      expectBytesEqual(`GET ${path}`, get.body, body);
      expectThat(fieldValue(get, 'etag') === putTag, `PUT answered ETag ${putTag} but GET says ${fieldValue(get, 'etag')}`, putTag, String(fieldValue(get, 'etag')));
    },
  }),
]);
