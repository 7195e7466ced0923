import fc from 'fast-check';
import { expectBytesEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fileBytes, fileName } from './arbitraries.ts';
import { expectReplyCode } from './control-connection.ts';
import { download, expectTransferDone, put, scratchSession } from './transfers.ts';

/**
 * RFC 3659 §5.3: in stream mode REST n (answered 350) makes the next RETR start at octet n of
 * the file.
 */

const citation = { suite: 'ftp', rfc: 'RFC 3659', section: '5.3', title: 'REST syntax' };

export default section(citation, [
  rule({
    slug: 'rest-then-retr-resumes',
    level: 'MUST',
    title: 'REST n draws 350 and the following RETR sends the file from octet n on',
    sends: 'log in, STOR bytes in TYPE I, REST n, RETR',
    input: fc.tuple(fileName(), fileBytes(2048).filter((b) => b.length > 0)).chain(([name, bytes]) =>
      fc.tuple(fc.constant(name), fc.constant(bytes), fc.integer({ min: 0, max: bytes.length })),
    ),
    maxRuns: 10,
    check: async (io, [name, bytes, offset]) => {
      const control = await scratchSession(io);
      await put(control, name, bytes);
      const reply = await control.command(`REST ${offset}`);
      if (reply.code === 500 || reply.code === 502) io.notApplicable('the server does not support REST');
      expectReplyCode(`REST ${offset}`, reply, [350]);
      const transfer = await download(control, `RETR ${name}`);
      expectTransferDone(`RETR ${name} after REST ${offset}`, transfer);
      expectBytesEqual(`RETR ${name} after REST ${offset}`, transfer.data, Buffer.from(bytes).subarray(offset));
    },
  }),
]);
