import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { FtpControl, describeReply } from './control-connection.ts';
import { download, upload } from './transfers.ts';

/**
 * RFC 2577 §4: a server should restrict what a user may reach. The fixture (fixtures/ftp) puts
 * bob's home, with secret.txt, beside the home of the user under test; no spelling of a path
 * reaches it from inside. The anonymous account may read but change nothing.
 */

const citation = { suite: 'ftp', rfc: 'RFC 2577', section: '4', title: 'Restricted access' };

/** Ways of climbing out of the login directory. */
export const escapePrefixes = ['../', '../../', '../../../', '/../', '/../../', './../', '..//', '.././', 'docs/../../', '/..//..//', '../alice/../'];

/** Commands that would change the anonymous tree of the fixture. */
const anonymousWrites = ['STOR rfcheck-upload.txt', 'APPE welcome.txt', 'MKD rfcheck-dir', 'DELE welcome.txt', 'RNFR welcome.txt', 'RMD pub'];

export default section(citation, [
  rule({
    slug: 'no-path-leaves-root',
    level: 'SHOULD',
    title: "No path spelling (.., //, ./, absolute) reaches bob/secret.txt, which the fixture keeps beside the user's root",
    sends: 'log in as the fixture user, then RETR, SIZE and CWD through a climbing path to bob/secret.txt',
    input: fc.constantFrom(...escapePrefixes),
    maxRuns: 20,
    check: async (io, prefix) => {
      const control = await FtpControl.loggedIn(io);
      const file = `${prefix}bob/secret.txt`;
      const transfer = await download(control, `RETR ${file}`);
      expectThat(transfer.opening === undefined, `RETR ${file} was not refused: a transfer started for a path above the user's root`, '550', describeReply(transfer.opening ?? transfer.final));
      for (const command of [`SIZE ${file}`, `CWD ${prefix}bob`]) {
        const reply = await control.command(command);
        expectThat(reply.code >= 400, `${command} was not refused, though it names a path above the user's root`, 'a 4yz or 5yz refusal', describeReply(reply));
      }
    },
  }),
  rule({
    slug: 'anonymous-read-only',
    level: 'SHOULD',
    title: 'The anonymous account can change nothing: STOR, APPE, MKD, DELE, RNFR and RMD are refused',
    sends: 'log in as anonymous, then one write command',
    input: fc.constantFrom(...anonymousWrites),
    maxRuns: 12,
    check: async (io, command) => {
      const control = await FtpControl.connect(io);
      const user = await control.command('USER anonymous');
      const pass = user.code === 331 ? await control.command('PASS rfcheck@example.test') : user;
      if (pass.code !== 230) io.notApplicable(`the target does not offer anonymous login (${pass.code})`);
      const reply = command.startsWith('STOR') || command.startsWith('APPE') ? (await upload(control, command, Buffer.from('x'))).final : await control.command(command);
      expectThat(reply.code >= 400, `${command} by the anonymous user was accepted`, 'a 4yz or 5yz refusal', describeReply(reply));
    },
  }),
]);
