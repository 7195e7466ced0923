import fc from 'fast-check';
import { expectBytesEqual, expectEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { requireEtag } from './checks.ts';
import { opaqueTag } from './grammar.ts';
import { siteFile } from './fixture-site.ts';
import { exchange } from './requests.ts';
import { conditionalCommands, runUploadCommands } from './upload-model.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '13.1.2', title: 'If-None-Match' };

export default section(citation, [
  rule({
    slug: 'matching-etag-304',
    level: 'MUST',
    title: 'GET with If-None-Match naming the current ETag (alone, in a list, or *) is answered 304',
    sends: 'GET, then GET with If-None-Match: <its ETag> | "x", <its ETag> | *',
    input: (setup) => fc.tuple(siteFile(setup), fc.constantFrom('alone', 'list', 'star')),
    maxRuns: 8,
    check: async (io, [file, form]) => {
      const etag = requireEtag(io, await exchange(io, { target: file.path }), file.path);
      const value = form === 'alone' ? etag : form === 'list' ? `"rfcheck-other", ${etag}` : '*';
      const response = await exchange(io, { target: file.path, fields: [['If-None-Match', value]] });
      expectEqual(`status with If-None-Match: ${value}`, response.status, 304);
    },
  }),
  rule({
    slug: 'weak-comparison',
    level: 'MUST',
    title: 'If-None-Match compares weakly: W/"x" matches "x" and gives 304',
    sends: 'GET with If-None-Match: W/<its ETag>',
    input: siteFile,
    maxRuns: 5,
    check: async (io, file) => {
      const etag = requireEtag(io, await exchange(io, { target: file.path }), file.path);
      const weak = `W/${opaqueTag(etag)}`;
      const response = await exchange(io, { target: file.path, fields: [['If-None-Match', weak]] });
      expectEqual(`status with If-None-Match: ${weak}`, response.status, 304);
    },
  }),
  rule({
    slug: 'other-etag-200',
    level: 'MUST',
    title: 'GET with If-None-Match naming only other entity tags is served in full (200)',
    sends: 'GET with If-None-Match: "<something else>"',
    input: (setup) => fc.tuple(siteFile(setup), fc.string({ unit: fc.constantFrom(...'abcdef0123'.split('')), minLength: 1, maxLength: 12 })),
    maxRuns: 6,
    check: async (io, [file, other]) => {
      const response = await exchange(io, { target: file.path, fields: [['If-None-Match', `"rfcheck-${other}"`]] });
      expectEqual(`status with a non-matching If-None-Match`, response.status, 200);
      expectBytesEqual(`body of ${file.path}`, response.body, file.bytes);
    },
  }),
  rule({
    slug: 'etag-tracks-replacement',
    level: 'MUST',
    title: 'After a PUT replaces a file with other bytes of the same length, its old ETag no longer matches (200 with the new bytes)',
    sends: 'a sequence of PUT, GET and conditional GET on three names in the upload area',
    input: conditionalCommands(),
    maxRuns: 12,
    check: async (io, commands) => {
      await runUploadCommands(io, commands, { conditional: true });
    },
  }),
]);
