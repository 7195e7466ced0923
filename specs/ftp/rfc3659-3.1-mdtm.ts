import { expectThat, show } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fileName } from './arbitraries.ts';
import { expectReplyCode } from './control-connection.ts';
import { parseTimeVal } from './time-val.ts';
import { put, scratchSession } from './transfers.ts';

/** RFC 3659 §3.1: MDTM of a file answers 213, a space and a time-val (YYYYMMDDHHMMSS[.fraction]). */

const citation = { suite: 'ftp', rfc: 'RFC 3659', section: '3.1', title: 'MDTM syntax' };

export default section(citation, [
  rule({
    slug: 'mdtm-213-time-val',
    level: 'MUST',
    title: 'MDTM of an existing file answers 213 with a valid YYYYMMDDHHMMSS time-val',
    sends: 'log in, STOR a file, MDTM',
    input: fileName(),
    maxRuns: 4,
    check: async (io, name) => {
      const control = await scratchSession(io);
      await put(control, name, Buffer.from('dated'));
      const reply = await control.command(`MDTM ${name}`);
      if (reply.code === 500 || reply.code === 502) io.notApplicable('the server does not support MDTM');
      expectReplyCode(`MDTM ${name}`, reply, [213]);
      expectThat(parseTimeVal(reply.text) !== undefined, `the MDTM reply is no time-val: ${show(reply.text)}`, 'YYYYMMDDHHMMSS[.f]', show(reply.text));
    },
  }),
]);
