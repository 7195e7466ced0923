import fc from 'fast-check';
import { expectEqual, expectThat } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import type { RunIO } from '../../harness/runner/run-io.ts';
import { fileName } from './arbitraries.ts';
import { FtpControl } from './control-connection.ts';
import { childPath, quotedPathname } from './quoted-pathname.ts';
import { scratchSession } from './transfers.ts';

/**
 * RFC 959 Appendix II: PWD and MKD answer 257 with the directory's pathname first in the text,
 * in double quotes; a quote inside the name is written twice.
 */

const citation = { suite: 'ftp', rfc: 'RFC 959', section: 'II', title: 'Directory commands' };

/** MKD `name` in a fresh directory; its 257 must name `name` (relative or absolute). */
async function makeDirectoryInScratch(io: RunIO, name: string): Promise<{ control: FtpControl; base: string }> {
  const control = await scratchSession(io);
  const base = quotedPathname('PWD', await control.command('PWD'));
  const made = quotedPathname(`MKD ${name}`, await control.command(`MKD ${name}`));
  expectThat(made === name || made === childPath(base, name), `MKD ${name} names another path: ${made}`, childPath(base, name), made);
  return { control, base };
}

export default section(citation, [
  rule({
    slug: 'pwd-257-quoted',
    level: 'MUST',
    title: 'PWD answers 257 with the working directory as an absolute path in double quotes',
    sends: 'log in, PWD',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const control = await FtpControl.loggedIn(io);
      const path = quotedPathname('PWD', await control.command('PWD'));
      expectThat(path.startsWith('/'), `PWD names a relative path: ${path}`, 'an absolute path', path);
    },
  }),
  rule({
    slug: 'mkd-257-quoted',
    level: 'MUST',
    title: 'MKD answers 257 with the new directory\'s pathname in double quotes',
    sends: 'log in, MKD a name',
    input: fileName(),
    maxRuns: 6,
    check: async (io, name) => {
      await makeDirectoryInScratch(io, name);
    },
  }),
  rule({
    slug: 'embedded-quote-doubled',
    level: 'MUST',
    title: 'A double quote inside a directory name is doubled in the 257 replies of MKD and PWD',
    sends: 'log in, MKD a name containing ", CWD into it, PWD',
    input: fc.tuple(fileName(), fileName()).map(([a, b]) => `${a}"${b}`),
    maxRuns: 6,
    check: async (io, name) => {
      const { control, base } = await makeDirectoryInScratch(io, name);
      await control.succeed(`CWD ${name}`);
      expectEqual('PWD inside the quoted name', quotedPathname('PWD', await control.command('PWD')), childPath(base, name));
    },
  }),
]);
