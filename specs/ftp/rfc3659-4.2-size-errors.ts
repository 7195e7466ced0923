import { rule, section } from '../../harness/core/rule.ts';
import { fileName } from './arbitraries.ts';
import { expectReplyCode } from './control-connection.ts';
import { scratchSession } from './transfers.ts';

/** RFC 3659 §4.2: SIZE of a file that does not exist draws 550, never a 213 size. */

const citation = { suite: 'ftp', rfc: 'RFC 3659', section: '4.2', title: 'SIZE error responses' };

export default section(citation, [
  rule({
    slug: 'size-missing-file-550',
    level: 'MUST',
    title: 'SIZE of a file that does not exist is answered 550',
    sends: 'log in, SIZE of a name never stored',
    input: fileName(),
    maxRuns: 5,
    check: async (io, name) => {
      const control = await scratchSession(io);
      const reply = await control.command(`SIZE ${name}`);
      if (reply.code === 500 || reply.code === 502) io.notApplicable('the server does not support SIZE');
      expectReplyCode(`SIZE ${name} (no such file)`, reply, [550]);
    },
  }),
]);
