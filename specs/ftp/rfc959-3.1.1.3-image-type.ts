import fc from 'fast-check';
import { expectBytesEqual } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fileName, seededBytes } from './arbitraries.ts';
import { get, put, scratchSession } from './transfers.ts';

/** RFC 959 §3.1.1.3: in TYPE I (image) data moves as a contiguous string of bytes, unchanged. */

const citation = { suite: 'ftp', rfc: 'RFC 959', section: '3.1.1.3', title: 'Image type' };

export default section(citation, [
  rule({
    slug: 'image-byte-exact',
    level: 'MUST',
    title: 'Bytes stored in TYPE I (CR, LF, NUL, 0xFF included; up to 64 KiB) are retrieved in TYPE I exactly',
    sends: 'log in, TYPE I, STOR arbitrary bytes, RETR',
    input: fc.tuple(fileName(), seededBytes(65536)),
    maxRuns: 20,
    check: async (io, [name, bytes]) => {
      const control = await scratchSession(io);
      await put(control, name, bytes);
      expectBytesEqual(`RETR ${name} in TYPE I`, await get(control, name), bytes);
    },
  }),
]);
