import fc from 'fast-check';
import { ConnectionClosed, NoReply } from '../../harness/core/errors.ts';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { bodyBytes, uploadName } from './arbitraries.ts';
import { isSuccess, notModifiedFor } from './checks.ts';
import { siteFile } from './fixture-site.ts';
import { exchange, hostOf } from './requests.ts';
import { fieldValue } from './response-reader.ts';
import { freshUploadPath, replacedWith204 } from './uploads.ts';

const citation = { suite: 'http', rfc: 'RFC 9110', section: '8.6', title: 'Content-Length' };

export default section(citation, [
  rule({
    slug: 'head-content-length-equals-get',
    level: 'MUST',
    concurrent: true,
    title: 'A Content-Length in a HEAD response equals the length GET would send',
    sends: 'HEAD of a fixture file, then GET of it',
    input: siteFile,
    maxRuns: 8,
    check: async (io, file) => {
      const head = await exchange(io, { method: 'HEAD', target: file.path });
      const length = fieldValue(head, 'content-length');
      if (length === undefined) return;
      // The length the server's own GET sends: a server that serves a file wrongly fails the
      // GET rules, not this one, as long as its HEAD agrees with its GET.
      const get = await exchange(io, { target: file.path });
      expectEqual(`Content-Length of HEAD ${file.path} (its GET sent ${get.body.length} bytes)`, length, String(get.body.length));
    },
  }),
  rule({
    slug: 'not-modified-content-length',
    level: 'MUST',
    title: 'A Content-Length in a 304 response equals the length of the 200 response it stands for',
    sends: 'GET with If-None-Match: <the file\'s ETag>',
    input: siteFile,
    maxRuns: 5,
    check: async (io, file) => {
      const { response } = await notModifiedFor(io, file.path);
      const length = fieldValue(response, 'content-length');
      if (length === undefined) return;
      expectEqual(`Content-Length of the 304 for ${file.path}`, length, String(file.bytes.length));
    },
  }),
  rule({
    slug: 'no-content-length-in-204',
    level: 'MUST',
    title: 'A 204 (No Content) response carries no Content-Length',
    sends: 'PUT a new upload, then PUT it again (a replacement is often answered 204)',
    input: fc.tuple(uploadName(), bodyBytes(64)),
    maxRuns: 4,
    check: async (io, [name, body]) => {
      const again = await replacedWith204(io, name, body);
      expectEqual('Content-Length in a 204 response', fieldValue(again, 'content-length'), undefined);
    },
  }),
  rule({
    slug: 'huge-content-length-not-wrapped',
    level: 'MUST',
    title: 'A Content-Length too large for 64 bits is refused, not wrapped to a small number and accepted',
    sends: 'PUT with Content-Length 2^64 + n followed by n bytes',
    input: fc.tuple(uploadName(), fc.integer({ min: 1, max: 40 })),
    maxRuns: 4,
    check: async (io, [name, n]) => {
      const length = (2n ** 64n + BigInt(n)).toString();
      const connection = await io.tcp();
      const path = freshUploadPath(name);
      io.step(`send PUT ${path} with Content-Length: ${length} and ${n} bytes`);
      await connection.write(`PUT ${path} HTTP/1.1\r\nHost: ${hostOf(io.target)}\r\nContent-Length: ${length}\r\n\r\n${'w'.repeat(n)}`);
      // Waiting for the rest of so large a body is allowed; answering as if it had come is not.
      let statusLine: string;
      try {
        statusLine = (await connection.readLine('an answer to the huge Content-Length (or none)')).text;
      } catch (error) {
        if (error instanceof NoReply || error instanceof ConnectionClosed) return;
        throw error;
      }
      const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(statusLine)?.[1] ?? 0);
      expectThat(!isSuccess(status), `Content-Length ${length} was accepted with ${n} bytes (status ${status})`, '4xx (400 or 413) or waiting for the body', String(status));
    },
  }),
]);
