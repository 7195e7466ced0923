import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { FtpControl, describeReply } from './control-connection.ts';
import { parseEpsv } from './passive-mode.ts';

/**
 * RFC 2428 §4: after "EPSV ALL" the server refuses every other way of setting up a data
 * connection (PORT, PASV, EPRT); EPSV itself keeps working.
 */

const citation = { suite: 'ftp', rfc: 'RFC 2428', section: '4', title: 'Command usage' };

export default section(citation, [
  rule({
    slug: 'epsv-all-refuses-others',
    level: 'MUST',
    title: 'After EPSV ALL, PORT, PASV and EPRT are refused while EPSV still answers 229',
    sends: 'log in, EPSV ALL, then PORT, PASV or EPRT, then EPSV',
    input: fc.constantFrom('PASV', 'PORT 127,0,0,1,156,64', 'EPRT |1|127.0.0.1|40000|'),
    maxRuns: 6,
    check: async (io, command) => {
      const control = await FtpControl.loggedIn(io);
      const all = await control.command('EPSV ALL');
      expectThat(all.code >= 200 && all.code < 300, `EPSV ALL was not accepted: ${describeReply(all)}`);
      const other = await control.command(command);
      expectThat(other.code >= 400, `${command.split(' ')[0]} after EPSV ALL was accepted`, 'a 4yz or 5yz refusal', describeReply(other));
      const epsv = await control.command('EPSV');
      expectThat(epsv.code === 229 && parseEpsv(epsv) !== undefined, 'EPSV after EPSV ALL failed', '229 (|||port|)', describeReply(epsv));
    },
  }),
]);
