import fc from 'fast-check';
import { expectBytesEqual, expectEqual, expectThat, show } from '../../harness/core/expect.ts';
import { rule, section } from '../../harness/core/rule.ts';
import { fileBytes, fileName, twoFileNames } from './arbitraries.ts';
import { FtpControl, describeReply, expectReplyCode } from './control-connection.ts';
import { download, expectTransferDone, get, listingLines, names, put, scratchSession } from './transfers.ts';
import { fileTreeCommands, runFileTreeModel } from './file-tree-model.ts';

/**
 * RFC 959 §4.1.3: the file service commands. STOR replaces, APPE appends (creating a missing
 * file), RETR of a missing file fails, DELE and RNFR/RNTO change what later commands see,
 * RMD removes a directory, LIST and NLST show what is stored (NLST names only), SYST names the
 * system type with 215. The stateful rule drives all of them against a model of the tree.
 */

const citation = { suite: 'ftp', rfc: 'RFC 959', section: '4.1.3', title: 'FTP service commands' };

/** RETR of `name` must fail before any data: 450 or 550, with no 1yz. */
async function expectNoFile(control: FtpControl, name: string, why: string): Promise<void> {
  const transfer = await download(control, `RETR ${name}`);
  expectThat(transfer.opening === undefined, `RETR ${name} ${why} started a transfer`, '450 or 550', describeReply(transfer.opening ?? transfer.final));
  expectReplyCode(`RETR ${name} ${why}`, transfer.final, [450, 550]);
}

export default section(citation, [
  rule({
    slug: 'stored-file-is-listed',
    level: 'MUST',
    title: 'A file just stored appears in LIST (a line ending in its name) and NLST of its directory',
    sends: 'log in, STOR a file in a fresh directory, LIST, NLST',
    input: fileName(),
    maxRuns: 8,
    check: async (io, name) => {
      const control = await scratchSession(io);
      await put(control, name, Buffer.from('listed'));
      const list = await download(control, 'LIST');
      expectTransferDone('LIST', list);
      expectThat(listingLines(list.data).some((line) => line.endsWith(` ${name}`)), `LIST does not show ${name}`, name, show(list.data.toString('utf8')));
      expectThat((await names(control)).includes(name), `NLST does not show ${name}`, name);
    },
  }),
  rule({
    slug: 'nlst-names-only',
    level: 'MUST',
    title: 'NLST sends only names, one per CRLF line, that RETR accepts as they are',
    sends: 'log in, STOR 1–4 files in a fresh directory, NLST',
    input: fc.uniqueArray(fileName(), { minLength: 1, maxLength: 4 }),
    maxRuns: 6,
    check: async (io, files) => {
      const control = await scratchSession(io);
      for (const name of files) await put(control, name, Buffer.from(name));
      const transfer = await download(control, 'NLST');
      expectTransferDone('NLST', transfer);
      const lines = transfer.data.toString('utf8').split('\r\n');
      expectEqual('last NLST line end', lines.pop(), '');
      expectEqual('NLST lines (sorted)', [...lines].sort().join(' | '), [...files].sort().join(' | '));
    },
  }),
  rule({
    slug: 'retr-missing-file-refused',
    level: 'MUST',
    title: 'RETR of a file that does not exist fails with 450 or 550 and opens no transfer',
    sends: 'log in, RETR a name never stored',
    input: fileName(),
    maxRuns: 6,
    check: async (io, name) => {
      const control = await scratchSession(io);
      await expectNoFile(control, name, '(never stored)');
    },
  }),
  rule({
    slug: 'stor-replaces',
    level: 'MUST',
    title: 'STOR onto an existing file replaces its contents',
    sends: 'log in, STOR A, STOR B to the same name, RETR',
    input: fc.tuple(fileName(), fileBytes(512), fileBytes(512)),
    maxRuns: 8,
    check: async (io, [name, first, second]) => {
      const control = await scratchSession(io);
      await put(control, name, first);
      await put(control, name, second);
      expectBytesEqual(`RETR ${name} after two STORs`, await get(control, name), second);
    },
  }),
  rule({
    slug: 'appe-appends',
    level: 'MUST',
    title: 'APPE adds to the end of an existing file, and creates a missing one',
    sends: 'log in, optionally STOR A, then APPE B, RETR',
    input: fc.tuple(fileName(), fc.option(fileBytes(512), { nil: undefined }), fileBytes(512)),
    maxRuns: 8,
    check: async (io, [name, first, second]) => {
      const control = await scratchSession(io);
      if (first) await put(control, name, first);
      await put(control, name, second, 'APPE');
      expectBytesEqual(`RETR ${name} after APPE`, await get(control, name), Buffer.concat([first ?? Buffer.alloc(0), second]));
    },
  }),
  rule({
    slug: 'dele-removes-file',
    level: 'MUST',
    title: 'After DELE (250) the file can no longer be retrieved',
    sends: 'log in, STOR, DELE, RETR',
    input: fileName(),
    maxRuns: 6,
    check: async (io, name) => {
      const control = await scratchSession(io);
      await put(control, name, Buffer.from('to be deleted'));
      await control.expect(`DELE ${name}`, [250]);
      await expectNoFile(control, name, 'after DELE');
    },
  }),
  rule({
    slug: 'rename-moves-file',
    level: 'MUST',
    title: 'RNFR (350) then RNTO (250) moves the contents to the new name and the old name is gone',
    sends: 'log in, STOR a, RNFR a, RNTO b, RETR b, RETR a',
    input: fc.tuple(twoFileNames(), fileBytes(512)),
    maxRuns: 8,
    check: async (io, [[from, to], bytes]) => {
      const control = await scratchSession(io);
      await put(control, from, bytes);
      await control.expect(`RNFR ${from}`, [350]);
      await control.expect(`RNTO ${to}`, [250]);
      expectBytesEqual(`RETR ${to} after the rename`, await get(control, to), bytes);
      await expectNoFile(control, from, 'after it was renamed');
    },
  }),
  rule({
    slug: 'rmd-removes-directory',
    level: 'MUST',
    title: 'RMD of an empty directory (250) removes it: CWD into it then fails with 550',
    sends: 'log in, MKD d, RMD d, CWD d',
    input: fileName(),
    maxRuns: 6,
    check: async (io, name) => {
      const control = await scratchSession(io);
      await control.succeed(`MKD ${name}`);
      await control.expect(`RMD ${name}`, [250]);
      await control.expect(`CWD ${name}`, [550], 'the directory was removed');
    },
  }),
  rule({
    slug: 'syst-215',
    level: 'MUST',
    title: 'SYST is answered 215 with a system type name',
    sends: 'log in, SYST',
    input: fc.constant(null),
    maxRuns: 2,
    check: async (io) => {
      const control = await FtpControl.loggedIn(io);
      const reply = await control.command('SYST');
      expectReplyCode('SYST', reply, [215]);
      expectThat(/^\S+/.test(reply.text), 'SYST names no system type', 'a system name such as UNIX', show(reply.text));
    },
  }),
  rule({
    slug: 'file-tree-model',
    level: 'MUST',
    title: 'Any sequence of STOR, APPE, RETR, DELE, RNFR/RNTO, MKD, RMD, CWD, CDUP and NLST behaves as on a model tree',
    sends: 'log in to a fresh directory, then 1–12 generated file commands; each result is compared with the model',
    input: fc.commands(fileTreeCommands(), { maxCommands: 12 }),
    maxRuns: 15,
    check: async (io, commands) => {
      await runFileTreeModel(await scratchSession(io), commands);
    },
  }),
]);
