import fc from 'fast-check';
import { expectEqual, expectMatch } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fileBytes, fileName } from './arbitraries.ts';
import { expectReplyCode } from './control-connection.ts';
import { get, put, scratchSession } from './transfers.ts';

/** RFC 3659 §4: SIZE reports exactly how many octets RETR would send in the current TYPE. */

const citation = { suite: 'ftp', rfc: 'RFC 3659', section: '4', title: 'File SIZE' };

export default section(citation, [
  rule({
    slug: 'size-equals-retr-octets',
    level: 'MUST',
    title: 'In TYPE I, SIZE answers 213 with the number of octets RETR then delivers',
    sends: 'log in, STOR bytes in TYPE I, SIZE, RETR',
    input: fc.tuple(fileName(), fileBytes(4096)),
    maxRuns: 10,
    check: async (io, [name, bytes]) => {
      const control = await scratchSession(io);
      await put(control, name, bytes);
      const reply = await control.command(`SIZE ${name}`);
      if (reply.code === 500 || reply.code === 502) io.notApplicable('the server does not support SIZE');
      expectReplyCode(`SIZE ${name}`, reply, [213]);
      expectMatch('SIZE value', reply.text.trim(), /^\d+$/);
      const retrieved = await get(control, name);
      expectEqual(`SIZE ${name} against the ${retrieved.length} octets of RETR`, Number(reply.text.trim()), retrieved.length);
    },
  }),
]);
