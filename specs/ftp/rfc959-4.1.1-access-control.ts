import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { FtpControl, credentials, describeReply, expectReplyCode } from './control-connection.ts';
import { fileName, twoFileNames } from './arbitraries.ts';
import { childPath, quotedPathname } from './quoted-pathname.ts';
import { scratchSession } from './transfers.ts';

/**
 * RFC 959 §4.1.1: USER and PASS identify the user and gate access to the file system; CWD and
 * CDUP move the working directory; QUIT ends the session and the server closes the control
 * connection.
 */

const citation = { suite: 'ftp', rfc: 'RFC 959', section: '4.1.1', title: 'Access control commands' };

/** Commands that touch files or set up data connections; each must wait for a login. */
const gatedCommands = (name: string): string[] => [
  `CWD ${name}`, 'CDUP', 'PWD', 'LIST', 'NLST', `RETR ${name}`, `STOR ${name}`, `APPE ${name}`, `DELE ${name}`,
  `MKD ${name}`, `RMD ${name}`, `RNFR ${name}`, `SIZE ${name}`, `MDTM ${name}`, 'PASV', 'EPSV', 'PORT 127,0,0,1,200,10',
];

async function workingDirectory(control: FtpControl): Promise<string> {
  return quotedPathname('PWD', await control.command('PWD'));
}

export default section(citation, [
  rule({
    slug: 'user-331-pass-230',
    level: 'MUST',
    title: 'USER with a known name draws 331 (or 230), and PASS with its password 230',
    sends: 'USER and PASS of the fixture user',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const control = await FtpControl.connect(io);
      const { user, pass } = credentials(io);
      const afterUser = await control.command(`USER ${user}`);
      expectReplyCode('USER', afterUser, [331, 230]);
      if (afterUser.code === 331) expectReplyCode('PASS', await control.command(`PASS ${pass}`, 'PASS ****'), [230]);
    },
  }),
  rule({
    slug: 'wrong-password-530',
    level: 'MUST',
    title: 'A wrong password is refused with 530 and leaves the client logged out',
    sends: 'USER of the fixture user, PASS with a wrong password, then NLST',
    input: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }).filter((p) => !/\s/.test(p)),
    // Servers may pause after a failed login (PAM waits about 2 s): few runs suffice.
    maxRuns: 3,
    check: async (io, password) => {
      const { user, pass } = credentials(io);
      if (password === pass) return;
      const control = await FtpControl.connect(io);
      expectReplyCode('USER', await control.command(`USER ${user}`), [331]);
      expectReplyCode('PASS with a wrong password', await control.command(`PASS ${password}`), [530]);
      expectReplyCode('NLST after the failed login', await control.command('NLST'), [530]);
    },
  }),
  rule({
    slug: 'nothing-before-login',
    level: 'MUST',
    title: 'Before a successful login every file or data-connection command is refused with 530',
    sends: 'connect, then 1–4 file commands (CWD, LIST, RETR, STOR, DELE, MKD, SIZE, PASV, …) without logging in',
    input: fileName().chain((name) => fc.array(fc.constantFrom(...gatedCommands(name)), { minLength: 1, maxLength: 4 })),
    maxRuns: 15,
    check: async (io, commands) => {
      const control = await FtpControl.connect(io);
      for (const command of commands) expectReplyCode(`${command} before login`, await control.command(command), [530]);
    },
  }),
  rule({
    slug: 'cwd-enters-directory',
    level: 'MUST',
    title: 'CWD into a directory draws 250 and PWD then names that directory',
    sends: 'log in, MKD a directory, CWD into it, PWD',
    input: fileName(),
    maxRuns: 6,
    check: async (io, name) => {
      const control = await scratchSession(io);
      const before = await workingDirectory(control);
      await control.succeed(`MKD ${name}`);
      expectReplyCode(`CWD ${name}`, await control.command(`CWD ${name}`), [250]);
      expectEqual('PWD after CWD', await workingDirectory(control), childPath(before, name));
    },
  }),
  rule({
    slug: 'cdup-goes-to-parent',
    level: 'MUST',
    title: 'CDUP moves to the parent of the working directory (200 or 250)',
    sends: 'log in, MKD a/b, CWD a/b, CDUP, PWD',
    input: twoFileNames(),
    maxRuns: 6,
    check: async (io, [outer, inner]) => {
      const control = await scratchSession(io);
      await control.succeed(`MKD ${outer}`);
      await control.succeed(`CWD ${outer}`);
      const parent = await workingDirectory(control);
      await control.succeed(`MKD ${inner}`);
      await control.succeed(`CWD ${inner}`);
      expectReplyCode('CDUP', await control.command('CDUP'), [200, 250]);
      expectEqual('PWD after CDUP', await workingDirectory(control), parent);
    },
  }),
  rule({
    slug: 'cwd-missing-550',
    level: 'MUST',
    title: 'CWD to a directory that does not exist is refused with 550 and the directory stays',
    sends: 'log in, CWD to a name never created, PWD',
    input: fileName(),
    maxRuns: 6,
    check: async (io, name) => {
      const control = await scratchSession(io);
      const before = await workingDirectory(control);
      expectReplyCode(`CWD ${name} (does not exist)`, await control.command(`CWD ${name}`), [550]);
      expectEqual('PWD after the refused CWD', await workingDirectory(control), before);
    },
  }),
  rule({
    slug: 'quit-221-then-close',
    level: 'MUST',
    title: 'QUIT draws 221 and the server then closes the control connection',
    sends: 'log in (or not), QUIT, wait for the close',
    input: fc.boolean(),
    maxRuns: 4,
    check: async (io, logIn) => {
      const control = logIn ? await FtpControl.loggedIn(io) : await FtpControl.connect(io);
      const reply = await control.command('QUIT');
      expectReplyCode('QUIT', reply, [221]);
      const closed = await control.connection.waitForClose();
      expectThat(closed, 'the server kept the control connection open after 221', 'close after 221', describeReply(reply));
    },
  }),
]);
