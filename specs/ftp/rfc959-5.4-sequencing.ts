import fc from 'fast-check';
import { expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { FtpControl, credentials, describeReply, expectReplyCode } from './control-connection.ts';
import { fileName, unknownVerb } from './arbitraries.ts';
import { type Transfer, download, put, scratchSession, upload } from './transfers.ts';

/**
 * RFC 959 §5.4 lists, for every command, the replies it may draw: the greeting is 220, an
 * unrecognized command 500, a command out of sequence 503, a transfer 125/150 then 226/250,
 * an unsupported parameter 504 (500/501 for a malformed one), ABOR 225/226.
 */

const citation = { suite: 'ftp', rfc: 'RFC 959', section: '5.4', title: 'Sequencing of commands and replies' };

export default section(citation, [
  rule({
    slug: 'greeting-220',
    level: 'MUST',
    title: 'A new control connection is greeted with 220 (possibly after 120)',
    sends: 'connect and read the first reply',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const control = await FtpControl.connect(io);
      expectReplyCode('the greeting', control.greeting, [220]);
    },
  }),
  rule({
    slug: 'unknown-command-500',
    level: 'MUST',
    title: 'A command the server does not recognize is answered 500 (or 502)',
    sends: 'log in, then a four-letter verb no FTP RFC defines',
    input: unknownVerb(),
    maxRuns: 10,
    check: async (io, verb) => {
      const control = await FtpControl.loggedIn(io);
      await control.expect(verb, [500, 502], 'unknown command');
    },
  }),
  rule({
    slug: 'rnto-without-rnfr-503',
    level: 'MUST',
    title: 'RNTO not immediately preceded by RNFR is refused with 503 and renames nothing',
    sends: 'log in, optionally RNFR then another command, then RNTO',
    input: fc.tuple(fileName(), fc.boolean()),
    maxRuns: 10,
    check: async (io, [name, rnfrFirst]) => {
      const control = await scratchSession(io);
      await put(control, name, Buffer.from('x'));
      if (rnfrFirst) {
        await control.expect(`RNFR ${name}`, [350]);
        // Any command between RNFR and RNTO breaks the pair.
        await control.succeed('NOOP');
      }
      await control.expect(`RNTO renamed-${name}`, [503], 'no RNFR right before it');
    },
  }),
  rule({
    slug: 'pass-without-user-503',
    level: 'MUST',
    title: 'PASS before any USER is refused with 503 (bad sequence)',
    sends: 'connect, then PASS with the fixture password',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const control = await FtpControl.connect(io);
      await control.expect(`PASS ${credentials(io).pass}`, [503], 'PASS without USER');
    },
  }),
  rule({
    slug: 'transfer-reply-codes',
    level: 'MUST',
    title: 'STOR, RETR and LIST answer 125 or 150 before the data and 226 or 250 after it',
    sends: 'log in, then PASV and STOR, PASV and RETR, PASV and LIST of a scratch file',
    input: fileName(),
    maxRuns: 4,
    check: async (io, name) => {
      const control = await scratchSession(io);
      const transfers: [string, Transfer][] = [];
      transfers.push(['STOR', await upload(control, `STOR ${name}`, Buffer.from('some bytes\n'))]);
      transfers.push(['RETR', await download(control, `RETR ${name}`)]);
      transfers.push(['LIST', await download(control, `LIST ${name}`)]);
      for (const [verb, transfer] of transfers) {
        expectThat(transfer.opening !== undefined, `${verb} opened no transfer`, '125 or 150', describeReply(transfer.final));
        expectReplyCode(`the opening reply to ${verb}`, transfer.opening, [125, 150]);
        expectReplyCode(`the final reply to ${verb}`, transfer.final, [226, 250]);
      }
    },
  }),
  rule({
    slug: 'type-unknown-refused',
    level: 'MUST',
    title: 'TYPE with an unknown type code is refused (500, 501 or 504), never accepted',
    sends: 'log in, then TYPE with a letter other than A, E, I, L',
    input: fc.constantFrom(...'BCDFGHJKMNOPQRSTUVWXYZ'),
    maxRuns: 6,
    check: async (io, code) => {
      const control = await FtpControl.loggedIn(io);
      await control.expect(`TYPE ${code}`, [500, 501, 504], 'unknown type');
    },
  }),
  rule({
    slug: 'mode-stru-unknown-refused',
    level: 'MUST',
    title: 'MODE or STRU with an unknown code is refused (500, 501 or 504)',
    sends: 'log in, then MODE or STRU with a letter RFC 959 does not define',
    input: fc.tuple(fc.constantFrom('MODE', 'STRU'), fc.constantFrom(...'ADEGHJKLMNOQTUVWXYZ')),
    maxRuns: 8,
    check: async (io, [verb, code]) => {
      const control = await FtpControl.loggedIn(io);
      await control.expect(`${verb} ${code}`, [500, 501, 504], `unknown ${verb} code`);
    },
  }),
  rule({
    slug: 'abor-without-transfer',
    level: 'MUST',
    title: 'ABOR with no transfer in progress is answered 225 or 226',
    sends: 'log in, then ABOR',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const control = await FtpControl.loggedIn(io);
      await control.expect('ABOR', [225, 226], 'nothing to abort');
    },
  }),
]);
