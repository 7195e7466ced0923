import fc from 'fast-check';
import { expectThat, show } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fileBytes, fileName } from './arbitraries.ts';
import { FtpControl, expectReplyCode } from './control-connection.ts';
import { parseEpsv } from './passive-mode.ts';
import { download, expectTransferDone, put, scratchSession } from './transfers.ts';
import { expectBytesEqual } from '../../harness/core/expect.ts';

/**
 * RFC 2428 §3: EPSV makes the server listen and answer 229 with the port alone, as
 * (<d><d><d>port<d>); the client connects to the control connection's address. EPSV with a
 * network protocol the server does not support draws 522.
 */

const citation = { suite: 'ftp', rfc: 'RFC 2428', section: '3', title: 'The EPSV command' };

export default section(citation, [
  rule({
    slug: 'epsv-229-port-works',
    level: 'MUST',
    title: 'EPSV answers 229 with (|||port|) and a RETR over that port delivers the file',
    sends: 'log in, store a file, EPSV, connect to the port, RETR',
    input: fc.tuple(fileName(), fileBytes(1024)),
    maxRuns: 6,
    check: async (io, [name, bytes]) => {
      const control = await scratchSession(io);
      await put(control, name, bytes);
      const reply = await control.command('EPSV');
      expectReplyCode('EPSV', reply, [229]);
      const port = parseEpsv(reply);
      expectThat(port !== undefined, `the 229 reply has no (<d><d><d>port<d>): ${show(reply.text)}`, '(|||port|)', show(reply.text));
      const transfer = await download(control, `RETR ${name}`, { host: io.target.host, port });
      expectTransferDone(`RETR ${name} over EPSV`, transfer);
      expectBytesEqual(`RETR ${name} over EPSV`, transfer.data, bytes);
    },
  }),
  rule({
    slug: 'epsv-unknown-protocol-522',
    level: 'MUST',
    title: 'EPSV naming a network protocol the server does not support is answered 522',
    sends: 'log in, EPSV with protocol 3–99',
    input: fc.integer({ min: 3, max: 99 }),
    maxRuns: 5,
    check: async (io, protocol) => {
      const control = await FtpControl.loggedIn(io);
      await control.expect(`EPSV ${protocol}`, [522], 'unsupported network protocol');
    },
  }),
]);
